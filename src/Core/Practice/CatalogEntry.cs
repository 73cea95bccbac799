namespace NeuralNotebooks.Practice;

/// <summary>A row of the catalog: every one of the 20 exercises, with its practice when it has one yet.</summary>
public sealed record CatalogEntry(string Id, string Slug, string Title, PracticeExercise? Practice);
