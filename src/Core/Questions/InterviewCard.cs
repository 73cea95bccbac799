namespace NeuralNotebooks.Questions;

/// <summary>A concept question (section 一 of the guide) or a coding exercise (section 二).</summary>
public enum CardKind { Question, Exercise }

/// <summary>A follow-up an interviewer might ask next, with a short answer.</summary>
public sealed record FollowUp(string Question, string Answer);

/// <summary>
/// One interview card: the guide's question (its Chinese title, quoted, beside our English one) and our
/// own answer at three lengths (<see cref="ShortAnswer"/>: 30 seconds, <see cref="Depth"/>: two minutes,
/// <see cref="Whiteboard"/>: what goes on the board). The notebooks and the <c>#!question</c>, <c>#!exercise</c> and <c>#!quiz</c> commands all
/// read these, so there is one source for every answer.
/// </summary>
public sealed record InterviewCard(
    int Number,
    CardKind Kind,
    string TitleEn,
    string TitleZh,
    string ShortAnswer,                      // what an interviewee says in 30 seconds (Markdown)
    string Depth,                            // the longer answer (Markdown)
    IReadOnlyList<string> KeyPoints,
    IReadOnlyList<string> CommonMistakes,
    string? GuideShortfall,                  // where the guide's answer or code goes wrong; null when it does not
    IReadOnlyList<FollowUp> FollowUps,
    IReadOnlyList<string> Topics,            // lower-case tags for #!quiz --topic
    string Notebook,                         // path under notebooks/, e.g. questions/02-backpropagation.ipynb
    string? Whiteboard = null);              // what a candidate draws in two minutes: formulas and/or a ```text diagram (Markdown); every question has one
