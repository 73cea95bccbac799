using NeuralNotebooks.Display;
using NeuralNotebooks.Drills;
using NeuralNotebooks.Practice.Progress;
using NeuralNotebooks.Questions;
using static NeuralNotebooks.Tests.Display.XhtmlTestKit;

namespace NeuralNotebooks.Tests.Drills;

/// <summary>The spaced-review schedule: SM-2's intervals and ease, the replay of progress records, today's queue.</summary>
public sealed class ReviewScheduleTests
{
    static readonly DateOnly Day0 = new(2026, 12, 1);
    static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    /// <summary>Noon UTC of Day0 + <paramref name="days"/>: the same calendar day in UTC.</summary>
    static DateTimeOffset At(int days, int hour = 12) => new DateTimeOffset(2026, 12, 1, hour, 0, 0, TimeSpan.Zero).AddDays(days);

    static ProgressRecord Review(string card, int days, int grade, int hour = 12) => new(ProgressRecord.Review, card, At(days, hour), Grade: grade);
    static ProgressRecord Prediction(string id, int days, bool close) => new(ProgressRecord.Prediction, id, At(days), Passed: close);
    static ProgressRecord Attempt(string exercise, int days, bool passed) => new(ProgressRecord.Attempt, exercise, At(days), Passed: passed);

    /// <summary>Each review on the day the previous one made the card due; the intervals it gave.</summary>
    static int[] Intervals(params int[] grades)
    {
        CardMemory? memory = null;
        var day = Day0;
        var intervals = new List<int>();
        foreach (var grade in grades)
        {
            memory = Sm2.Review(memory, grade, day);
            intervals.Add(memory.IntervalDays);
            Assert.Equal(day.AddDays(memory.IntervalDays), memory.Due);
            day = memory.Due;
        }
        return [.. intervals];
    }

    [Theory]
    [InlineData("5,5,5", "1,6,16")]          // EF 2.5 → 2.6 → 2.7; 6 × 2.7 = 16.2
    [InlineData("4,4,4,4", "1,6,15,38")]     // grade 4 keeps EF at 2.5; 15 × 2.5 = 37.5 rounds to 38
    [InlineData("3,3,3", "1,6,13")]          // EF 2.36, 2.22: 6 × 2.22 = 13.3
    [InlineData("5,5,2,5", "1,6,1,1")]       // a failure starts over: 1 day, then 1 again as the first success
    [InlineData("5,5,5,1,5,5,5", "1,6,16,1,1,6,15")]   // the lapse takes EF from 2.8 to 2.26; two 5s make it 2.46: 6 × 2.46 = 14.8
    public void Intervals_after_a_sequence_of_grades_follow_sm2(string grades, string intervals) =>
        Assert.Equal(intervals.Split(',').Select(int.Parse), Intervals(grades.Split(',').Select(int.Parse).ToArray()));

    [Fact]
    public void The_ease_factor_moves_by_the_sm2_formula_and_never_drops_below_1_3()
    {
        Assert.Equal(2.6, Sm2.NextEase(2.5, 5), 12);
        Assert.Equal(2.5, Sm2.NextEase(2.5, 4), 12);
        Assert.Equal(2.36, Sm2.NextEase(2.5, 3), 12);
        Assert.Equal(1.7, Sm2.NextEase(2.5, 0), 12);
        CardMemory? memory = null;
        foreach (var grade in new[] { 0, 0, 1, 3, 3 }) memory = Sm2.Review(memory, grade, Day0);
        Assert.Equal(1.3, memory!.EaseFactor, 12);
        Assert.Equal(Sm2.MinimumEase, Sm2.NextEase(1.3, 3));
        Assert.Equal("A review grade is a whole number from 0 to 5; got 6.", Assert.Throws<ArgumentOutOfRangeException>(() => Sm2.Review(null, 6, Day0)).Message.Split(" (Parameter")[0]);
    }

    [Fact]
    public void Replay_reads_reviews_predictions_and_practice_checks_in_time_order_and_skips_the_rest()
    {
        ProgressRecord[] records =
        [
            Review("q06", 1, 5),                                    // listed before the day-0 review: replay sorts by time
            Review("q06", 0, 5),
            Prediction("q02.loss-at-start", 0, close: true),        // close → 4
            Attempt("03", 0, passed: false),                        // failed check → 1, card e03
            new(ProgressRecord.Hint, "03", At(0), HintNumber: 1),   // says nothing about memory
            new(ProgressRecord.Review, "q07", At(0), Grade: 9),     // a grade outside 0–5 (a newer writer?) is skipped
            new("flashcard", "q08", At(0), Grade: 5),               // an unknown kind is skipped
            Attempt("21", 0, passed: true),                         // no card e21
        ];
        var schedule = ReviewSchedule.Replay(records, Utc);
        AssertMemory(schedule.Memory("q06"), 2.7, 2, 6, Day0.AddDays(1), Day0.AddDays(7));
        AssertMemory(schedule.Memory("q02"), 2.5, 1, 1, Day0, Day0.AddDays(1));
        AssertMemory(schedule.Memory("e03"), 1.96, 0, 1, Day0, Day0.AddDays(1));   // 2.5 + 0.1 − 4 × 0.16
        Assert.Null(schedule.Memory("q07"));
        Assert.Null(schedule.Memory("q08"));
    }

    [Fact]
    public void Several_events_of_a_card_on_one_day_count_once_with_the_worst_grade()
    {
        var events = ReviewEvent.From([Review("q06", 0, 5, hour: 8), Prediction("q06.gradient-ratio", 0, close: false), Review("q06", 0, 4, hour: 20), Review("q06", 1, 5)], Utc);
        Assert.Equal([new ReviewEvent("q06", Day0, ReviewEvent.OffPrediction), new ReviewEvent("q06", Day0.AddDays(1), 5)], events);
        var memory = ReviewSchedule.Replay([Review("q06", 0, 5, hour: 8), Prediction("q06.gradient-ratio", 0, close: false)], Utc).Memory("q06");
        AssertMemory(memory, 2.18, 0, 1, Day0, Day0.AddDays(1));   // one review graded 2, not 5 then 2
    }

    [Fact]
    public void Days_are_the_learners_local_calendar_days()
    {
        // 21:00 and 23:00 UTC on 1 December: one day in UTC, but 23:00 on the 1st and 01:00 on the 2nd at UTC+2.
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("UTC+2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");
        ProgressRecord[] records = [Review("q01", 0, 5, hour: 21), Review("q01", 0, 5, hour: 23)];
        Assert.Single(ReviewEvent.From(records, Utc));
        Assert.Equal([Day0, Day0.AddDays(1)], ReviewEvent.From(records, plusTwo).Select(e => e.Day));
        Assert.Equal(2, ReviewSchedule.Replay(records, plusTwo).Memory("q01")!.Repetitions);
    }

    [Fact]
    public void An_off_prediction_or_a_failed_practice_check_makes_its_card_due_sooner()
    {
        ProgressRecord[] learned = [Review("q06", 0, 5), Review("q06", 1, 5), Attempt("01", 0, true), Attempt("01", 1, true)];
        var before = ReviewSchedule.Replay(learned, Utc);
        Assert.Equal(Day0.AddDays(7), before.Memory("q06")!.Due);
        Assert.Equal(Day0.AddDays(7), before.Memory("e01")!.Due);
        Assert.DoesNotContain(before.Due(Day0.AddDays(3)), i => i.Card is "q06" or "e01");

        var after = ReviewSchedule.Replay([.. learned, Prediction("q06.gradient-ratio", 2, close: false), Attempt("01", 2, false)], Utc);
        Assert.Equal(Day0.AddDays(3), after.Memory("q06")!.Due);
        Assert.Equal(Day0.AddDays(3), after.Memory("e01")!.Due);
        Assert.Equal(["e01", "q06"], after.Due(Day0.AddDays(3), newPerDay: 0).Select(i => i.Card).Order());

        var close = ReviewSchedule.Replay([.. learned, Prediction("q06.gradient-ratio", 2, close: true)], Utc);
        Assert.Equal(Day0.AddDays(2 + 16), close.Memory("q06")!.Due);   // a close one counts as a success (grade 4): 6 × 2.7
    }

    [Fact]
    public void Today_lists_the_most_overdue_first_then_due_cards_in_bank_order_then_new_cards_in_bank_order()
    {
        ProgressRecord[] records =
        [
            Review("e02", 0, 5),   // due day 1
            Review("q05", 0, 1),   // due day 1
            Review("q03", 2, 5),   // due day 3
            Review("q09", 3, 5),   // due day 4 = today
            Review("q01", 3, 5),   // due day 4 = today
            Review("q02", 3, 5), Review("q02", 4, 5),   // due day 10: not today (and first seen on day 3, not today)
        ];
        var today = ReviewSchedule.Replay(records, Utc).Due(Day0.AddDays(4), newPerDay: 3);
        Assert.Equal(["q05", "e02", "q03", "q01", "q09", "q04", "q06", "q07"], today.Select(i => i.Card));
        Assert.Equal([3, 3, 1, 0, 0, 0, 0, 0], today.Select(i => i.DaysOverdue));
        Assert.Equal([false, false, false, false, false, true, true, true], today.Select(i => i.IsNew));
    }

    [Fact]
    public void The_daily_cap_counts_the_new_cards_already_seen_today()
    {
        var nothing = ReviewSchedule.Replay([], Utc);
        Assert.Equal(ReviewCards.Ids.Take(ReviewSchedule.DefaultNewPerDay), nothing.Due(Day0).Select(i => i.Card));
        Assert.Equal(["q01", "q02", "q03"], nothing.Due(Day0, newPerDay: 3).Select(i => i.Card));
        Assert.Empty(nothing.Due(Day0, newPerDay: 0));

        // Two cards met for the first time today (one by a practice check): one new card left of a cap of 3.
        var twoToday = ReviewSchedule.Replay([Review("q01", 0, 4), Attempt("05", 0, true)], Utc);
        Assert.Equal(["q02"], twoToday.Due(Day0, newPerDay: 3).Select(i => i.Card));
        Assert.Equal(["q02", "q03", "q04"], twoToday.Due(Day0.AddDays(1), newPerDay: 3).Where(i => i.IsNew).Select(i => i.Card));
        var status = twoToday.Status(Day0, newPerDay: 3);
        Assert.Equal((0, 1, 38, 2), (status.DueCount, status.NewToday, status.NeverSeen, status.Learned));
        var next = Assert.Single(status.Upcoming);
        Assert.Equal(Day0.AddDays(1), next.Day);
        Assert.Equal(["q01", "e05"], next.Cards);
    }

    static void AssertMemory(CardMemory? memory, double ease, int repetitions, int interval, DateOnly last, DateOnly due)
    {
        Assert.NotNull(memory);
        Assert.Equal(ease, memory.EaseFactor, 9);
        Assert.Equal((repetitions, interval, last, due), (memory.Repetitions, memory.IntervalDays, memory.LastReviewed, memory.Due));
    }

    [Theory]
    [InlineData("q06", "q06")]
    [InlineData("Q6", "q06")]
    [InlineData(" e20 ", "e20")]
    [InlineData("q21", null)]
    [InlineData("x1", null)]
    [InlineData("q00", null)]
    public void Card_ids_are_q01_to_q20_and_e01_to_e20(string typed, string? id) => Assert.Equal(id, ReviewCards.Normalize(typed));

    [Fact]
    public void An_unknown_card_is_one_sentence_with_the_nearest_ids()
    {
        Assert.Equal("Unknown card 'q21'. Cards are q01–q20 (questions) and e01–e20 (coding exercises). Did you mean q01, q11 or q20?",
            Assert.Throws<ArgumentException>(() => ReviewCards.Find("q21")).Message);
        Assert.Equal("Unknown card 'x1'. Cards are q01–q20 (questions) and e01–e20 (coding exercises). Did you mean q01 or e01?", Assert.Throws<ArgumentException>(() => ReviewCards.Find("x1")).Message);
        Assert.EndsWith("Did you mean q12 or e12?", Assert.Throws<ArgumentException>(() => ReviewCards.Find("card 12")).Message);
        Assert.Equal(("q", 6), (ReviewCards.Id(ReviewCards.Find("q06"))[..1], ReviewCards.Find("q06").Number));
        Assert.Equal(CardKind.Exercise, ReviewCards.Find("e01").Kind);
    }

    [Fact]
    public void The_review_card_folds_the_short_answer_and_key_points_and_leaves_the_rest_to_the_notebook()
    {
        var card = QuestionBank.Question(6);
        var html = Parse(ReviewView.CardHtml(card, new ReviewItem("q06", null, 0), 7));
        Assert.Equal("Review q06 · new card · 7 cards to review today", WithClass(html, "nn-review-head").Single().Value);
        Assert.Equal(ReviewView.AnswerAloud, WithClass(html, "nn-review-aloud").Single().Value);
        Assert.Equal(card.TitleEn, WithClass(html, "nn-title-en").Single().Value);
        Assert.Equal(card.TitleZh, WithClass(html, "nn-title-zh").Single().Value);
        var answer = WithClass(html, "nn-answer").Single();
        Assert.Equal("details", answer.Name.LocalName);
        Assert.Single(WithClass(answer, "nn-short-answer"));
        Assert.Equal(card.KeyPoints.Count, WithClass(answer, "nn-key-points").Single().Descendants("li").Count());
        Assert.Empty(WithClass(html, "nn-common-mistakes"));
        Assert.Empty(WithClass(html, "nn-follow-ups"));
        Assert.Contains("5 right at once", WithClass(html, "nn-review-scale").Single().Value);
        var memory = Sm2.Review(null, 5, Day0);
        Assert.StartsWith("Review q06 · early: due in 3 days · 1 card to review today\n", ReviewView.CardText(card, new ReviewItem("q06", memory, -3), 1));
        Assert.StartsWith("Review q06 · overdue by 2 days · ", ReviewView.CardText(card, new ReviewItem("q06", memory, 2), 1));
    }

    [Fact]
    public void A_mock_interview_is_n_different_cards_reproducible_from_the_seed()
    {
        var cards = Quiz.Mock(QuestionBank.All, null, "5", new Random(3));
        Assert.Equal(5, cards.Select(c => (c.Kind, c.Number)).Distinct().Count());
        Assert.Equal(cards, Quiz.Mock(QuestionBank.All, null, "5", new Random(3)));
        Assert.Equal(40, Quiz.Mock(QuestionBank.All, null, "40", new Random(3)).Distinct().Count());
        var attention = Quiz.Mock(QuestionBank.All, "attention", "2", new Random(1));
        Assert.All(attention, c => Assert.Contains("attention", c.Topics));

        var html = Parse(MockInterviewView.ToHtml(cards));
        Assert.Equal(5, html.Descendants("ol").Single().Elements("li").Count());
        Assert.All(WithClass(html, "nn-answer"), a => Assert.Equal("details", a.Name.LocalName));
        Assert.StartsWith("Mock interview: 5 cards.", MockInterviewView.ToText(cards));
        Assert.Contains($"\n5. {InterviewCardView.Label(cards[4])}: {cards[4].TitleEn}", MockInterviewView.ToText(cards));
    }

    [Theory]
    [InlineData(null, "0", "--count is the number of cards for a mock interview, a whole number from 1 to 40 (the cards); got '0'.")]
    [InlineData(null, "41", "--count is the number of cards for a mock interview, a whole number from 1 to 40 (the cards); got '41'.")]
    [InlineData(null, "three", "--count is the number of cards for a mock interview, a whole number from 1 to 40 (the cards); got 'three'.")]
    [InlineData("gan", "99", "--count is the number of cards for a mock interview, a whole number from 1 to {gan} (the cards on 'gan'); got '99'.")]
    public void A_count_outside_the_cards_available_is_one_sentence(string? topic, string count, string message)
    {
        var gan = QuestionBank.All.Count(c => c.Topics.Contains("gan"));
        Assert.Equal(message.Replace("{gan}", gan.ToString()), Assert.Throws<ArgumentException>(() => Quiz.Mock(QuestionBank.All, topic, count, new Random(0))).Message);
    }

    [Fact]
    public void Topics_are_listed_with_their_card_counts()
    {
        var topics = Quiz.TopicCounts(QuestionBank.All);
        Assert.Equal(QuestionBank.Topics, topics.Select(t => t.Topic));
        Assert.Equal(QuestionBank.All.Count(c => c.Topics.Contains("attention")), topics.Single(t => t.Topic == "attention").Cards);
        Assert.Equal(QuestionBank.All.Sum(c => c.Topics.Distinct().Count()), topics.Sum(t => t.Cards));
    }
}
