using static Es.Domain.Tests.Envelope;

namespace Es.Domain.Tests;

public class ValidationTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static void Valid(Command command) =>
        Assert.Empty(CommandValidation.Validate(command.At(T0)));

    private static Rejection Invalid(Command command, string field, string reason)
    {
        var rejections = CommandValidation.Validate(command.At(T0));
        Assert.True(rejections.Count(r => r.Field == field) == 1, $"expected one rejection on {field}, got: {string.Join("; ", rejections)}");
        var rejection = rejections.Single(r => r.Field == field);
        Assert.Equal((RejectionCode.Validation, reason), (rejection.Code, rejection.Reason));
        Assert.Equal("VALIDATION", rejection.ExtensionCode);
        return rejection;
    }

    private static string Text(int length) => new('x', length);

    private static RegisterMember Registration(string handle = "ana_r", int birthYear = 1990, IReadOnlyList<string>? conditions = null) =>
        new(Id, handle, "Ana", "lisbon-arroios", conditions ?? ["diabetes"], birthYear);

    private static PlaceOrder Placement(IReadOnlyList<OrderItem>? items = null, decimal total = 12.60m, string currency = "EUR") =>
        new(Id, "cust", "rest", items ?? [new("Bifana", 2, 4.50m), new("Sumol", 2, 1.80m)], new Money(total, currency), "area", T0, "src");

    [Fact]
    public void Every_command_has_a_validator()
    {
        var commands = typeof(Command).Assembly.GetTypes().Where(t => typeof(Command).IsAssignableFrom(t) && !t.IsAbstract);
        Assert.Equal(commands.OrderBy(t => t.Name), CommandValidation.ValidatedCommands.OrderBy(t => t.Name));
    }

    [Fact]
    public void Well_formed_commands_of_every_family_pass()
    {
        Valid(Registration());
        Valid(new UpdateProfile(Id, "Ana", "lisbon-arroios", []));
        Valid(new DeactivateMember(Id, null));
        Valid(new RequestProfessionalVerification(Id, "Nurse", "doc://1"));
        Valid(new ApproveProfessionalVerification(Id));
        Valid(new RejectProfessionalVerification(Id, "blurry"));
        Valid(new ReserveHandle("ana_r", Id));
        Valid(new ReleaseHandle("ana_r"));
        Valid(new PublishPost(Id, "Title", "Body", "lisbon-arroios", ["walking", "type-2"]));
        Valid(new EditPost(Id, "Title", "Body", []));
        Valid(new DeletePost(Id));
        Valid(new AddComment(Id, Other, "Nice"));
        Valid(new LikePost(Id));
        Valid(new UnlikePost(Id));
        Valid(new ScheduleMeetup(Id, "Park run", "lisbon-arroios", "Jardim", T0.AddDays(1), 10));
        Valid(new JoinMeetup(Id));
        Valid(new LeaveMeetup(Id));
        Valid(new CancelMeetup(Id, null));
        Valid(new OpenPoll(Id, "lisbon-arroios", "Q?", ["Yes", "No"], T0.AddDays(1)));
        Valid(new CastVote(Id, 0));
        Valid(new ClosePoll(Id));
        Valid(new StartConversation(Other));
        Valid(new SendMessage(Id, Other, "Hi"));
        Valid(new MarkRead(Id, Other));
        Valid(new RecordSale(Id, "m", "pos", "tok", new Money(9.99m, "EUR"), T0, "src"));
        Valid(new RefundSale(Id, "r1", new Money(1000m, "JPY"), T0, "src"));
        Valid(Placement());
        Valid(new DeliverOrder(Id, T0, 3.2m, new Money(0m, "EUR"), "src"));
        Valid(new DeliverOrder(Id, T0, null, new Money(0m, "EUR"), "src")); // the source did not say
        Valid(new CancelOrder(Id, "closed", T0, "src"));
    }

    [Fact]
    public void An_empty_id_is_rejected_on_its_field()
    {
        Invalid(new LikePost(Guid.Empty), "postId", "ID_REQUIRED");
        Invalid(new AddComment(Id, Guid.Empty, "x"), "commentId", "ID_REQUIRED");
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("this_handle_is_way_too_long_for_us")]
    public void A_handle_outside_the_length_limits_is_rejected(string handle)
    {
        Invalid(Registration(handle), "handle", "LENGTH");
    }

    [Theory]
    [InlineData("ana r")]
    [InlineData("ana-r")]
    [InlineData("ana@r")]
    public void A_handle_with_other_than_letters_digits_and_underscores_is_rejected(string handle)
    {
        Invalid(Registration(handle), "handle", "HANDLE_FORMAT");
    }

    [Fact]
    public void A_missing_handle_is_rejected_once_as_required()
    {
        var rejection = Invalid(Registration(""), "handle", "NOT_EMPTY");
        Assert.Contains("Handle", rejection.Message);
    }

    [Fact]
    public void A_member_younger_than_the_minimum_age_is_rejected_on_the_birth_year()
    {
        Valid(Registration(birthYear: T0.Year - Member.MinimumAge));
        Invalid(Registration(birthYear: T0.Year - Member.MinimumAge + 1), "birthYear", "BIRTH_YEAR_OUT_OF_RANGE");
        Invalid(Registration(birthYear: Member.EarliestBirthYear - 1), "birthYear", "BIRTH_YEAR_OUT_OF_RANGE");
    }

    [Fact]
    public void Conditions_of_interest_are_limited_in_number_and_length_and_do_not_repeat()
    {
        Invalid(Registration(conditions: [.. Enumerable.Range(0, Member.MaxConditionsOfInterest + 1).Select(i => $"c{i}")]),
            "conditionsOfInterest", "COUNT_OUT_OF_RANGE");
        Invalid(Registration(conditions: ["asthma", "Asthma "]), "conditionsOfInterest", "DUPLICATES");
        Invalid(Registration(conditions: ["ok", Text(Member.ConditionMaxLength + 1)]), "conditionsOfInterest[1]", "MAXIMUM_LENGTH");
    }

    [Fact]
    public void A_post_title_and_body_respect_their_size_limits()
    {
        Valid(new PublishPost(Id, Text(Post.TitleMaxLength), Text(Post.BodyMaxLength), "r", []));
        Invalid(new PublishPost(Id, Text(Post.TitleMaxLength + 1), "b", "r", []), "title", "MAXIMUM_LENGTH");
        Invalid(new PublishPost(Id, "t", Text(Post.BodyMaxLength + 1), "r", []), "body", "MAXIMUM_LENGTH");
        Invalid(new EditPost(Id, "   ", "b", []), "title", "NOT_EMPTY");
    }

    [Fact]
    public void Post_tags_are_few_lower_case_and_distinct()
    {
        Invalid(new PublishPost(Id, "t", "b", "r", [.. Enumerable.Range(0, Post.MaxTags + 1).Select(i => $"t{i}")]), "tags", "COUNT_OUT_OF_RANGE");
        Invalid(new PublishPost(Id, "t", "b", "r", ["ok", "Not Ok"]), "tags[1]", "TAG_FORMAT");
        Invalid(new PublishPost(Id, "t", "b", "r", ["walk", "walk"]), "tags", "DUPLICATES");
    }

    [Fact]
    public void A_comment_respects_its_size_limit()
    {
        Invalid(new AddComment(Id, Other, Text(Post.CommentMaxLength + 1)), "body", "MAXIMUM_LENGTH");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(101)]
    [InlineData(0)]
    public void A_meetup_capacity_outside_2_to_100_is_rejected(int capacity)
    {
        Invalid(new ScheduleMeetup(Id, "t", "r", "p", T0.AddDays(1), capacity), "capacity", "INCLUSIVE_BETWEEN");
    }

    [Theory]
    [InlineData(Meetup.MinCapacity)]
    [InlineData(Meetup.MaxCapacity)]
    public void A_meetup_capacity_at_the_limits_is_accepted(int capacity)
    {
        Valid(new ScheduleMeetup(Id, "t", "r", "p", T0.AddDays(1), capacity));
    }

    [Fact]
    public void A_meetup_scheduled_too_far_ahead_is_rejected()
    {
        Invalid(new ScheduleMeetup(Id, "t", "r", "p", T0 + Meetup.MaxLeadTime + TimeSpan.FromDays(1), 10), "startsAt", "TOO_FAR_AHEAD");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    public void A_poll_with_fewer_than_2_or_more_than_10_options_is_rejected(int count)
    {
        Invalid(new OpenPoll(Id, "r", "Q?", [.. Enumerable.Range(0, count).Select(i => $"o{i}")], T0.AddDays(1)), "options", "COUNT_OUT_OF_RANGE");
    }

    [Fact]
    public void Poll_options_are_distinct_non_empty_and_short()
    {
        Invalid(new OpenPoll(Id, "r", "Q?", ["Yes", "yes"], T0.AddDays(1)), "options", "DUPLICATES");
        Invalid(new OpenPoll(Id, "r", "Q?", ["Yes", "No", ""], T0.AddDays(1)), "options[2]", "NOT_EMPTY");
        Invalid(new OpenPoll(Id, "r", "Q?", ["Yes", Text(Poll.OptionMaxLength + 1)], T0.AddDays(1)), "options[1]", "MAXIMUM_LENGTH");
    }

    [Fact]
    public void A_negative_vote_option_is_rejected()
    {
        Invalid(new CastVote(Id, -1), "option", "INCLUSIVE_BETWEEN");
    }

    [Fact]
    public void A_chat_message_respects_its_length_limit()
    {
        Valid(new SendMessage(Id, Other, Text(Conversation.MessageMaxLength)));
        Invalid(new SendMessage(Id, Other, Text(Conversation.MessageMaxLength + 1)), "body", "MAXIMUM_LENGTH");
        Invalid(new SendMessage(Id, Other, ""), "body", "NOT_EMPTY");
    }

    [Fact]
    public void A_sale_amount_must_be_positive()
    {
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(0m, "EUR"), T0, "s"), "amount.amount", "GREATER_THAN");
        Invalid(new RefundSale(Id, "r", new Money(-1m, "EUR"), T0, "s"), "amount.amount", "GREATER_THAN");
    }

    [Theory]
    [InlineData("eur", "CURRENCY_FORMAT")]
    [InlineData("EURO", "CURRENCY_FORMAT")]
    [InlineData("XYZ", "CURRENCY_UNKNOWN")]
    [InlineData("", "NOT_EMPTY")]
    public void A_currency_must_be_a_known_ISO_code(string currency, string reason)
    {
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(1m, currency), T0, "s"), "amount.currency", reason);
    }

    [Fact]
    public void An_amount_cannot_have_more_decimals_than_its_currency()
    {
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(1.005m, "EUR"), T0, "s"), "amount.amount", "TOO_MANY_DECIMALS");
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(100.5m, "JPY"), T0, "s"), "amount.amount", "TOO_MANY_DECIMALS");
        Valid(new RecordSale(Id, "m", "p", "t", new Money(1.005m, "KWD"), T0, "s"));
    }

    [Fact]
    public void A_sale_needs_its_source_and_approval_time()
    {
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(1m, "EUR"), default, "s"), "approvedAt", "INSTANT_REQUIRED");
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(1m, "EUR"), T0, ""), "sourceId", "NOT_EMPTY");
    }

    [Fact]
    public void An_order_total_must_add_up_to_its_items()
    {
        var rejection = Invalid(Placement(total: 12.61m), "total.amount", "TOTAL_MISMATCH");
        Assert.Contains("12.60", rejection.Message);
    }

    [Fact]
    public void An_order_needs_at_least_one_item_and_sane_quantities()
    {
        Invalid(Placement(items: [], total: 1m), "items", "COUNT_OUT_OF_RANGE");
        Invalid(Placement(items: [new("x", 0, 1m)], total: 0.01m), "items[0].quantity", "INCLUSIVE_BETWEEN");
        Invalid(Placement(items: [new("x", Order.MaxQuantity + 1, 1m)], total: Order.MaxQuantity + 1), "items[0].quantity", "INCLUSIVE_BETWEEN");
        Invalid(Placement(items: [new("", 1, 1m)], total: 1m), "items[0].name", "NOT_EMPTY");
    }

    [Fact]
    public void An_item_price_cannot_have_more_decimals_than_the_order_currency()
    {
        Invalid(Placement(items: [new("x", 2, 0.125m)], total: 0.25m), "items[0].unitPrice", "TOO_MANY_DECIMALS");
    }

    [Fact]
    public void A_delivery_distance_must_be_positive_and_plausible()
    {
        Invalid(new DeliverOrder(Id, T0, 0m, new Money(1m, "EUR"), "s"), "distanceKm", "GREATER_THAN");
        Invalid(new DeliverOrder(Id, T0, Order.MaxDistanceKm + 1, new Money(1m, "EUR"), "s"), "distanceKm", "LESS_THAN_OR_EQUAL");
        Invalid(new DeliverOrder(Id, T0, 2m, new Money(-1m, "EUR"), "s"), "fee.amount", "GREATER_THAN_OR_EQUAL");
    }

    [Fact]
    public void Several_problems_are_reported_together_each_on_its_field()
    {
        var rejections = CommandValidation.Validate(new PublishPost(Guid.Empty, "", "", "", ["BAD TAG"]).At(T0));
        Assert.Equal(["postId", "title", "body", "region", "tags[0]"], rejections.Select(r => r.Field));
        Assert.All(rejections, r => Assert.Equal(RejectionCode.Validation, r.Code));
    }

    [Fact]
    public void Missing_values_from_a_careless_client_are_rejections_not_crashes()
    {
        Invalid(new PublishPost(Id, null!, "b", "r", null!), "tags", "NOT_NULL");
        Invalid(Placement() with { Items = null! }, "items", "NOT_NULL");
        Invalid(Placement(items: [null!, new("Bifana", 2, 4.50m)], total: 9m), "items[0]", "NOT_NULL");
        Invalid(new OpenPoll(Id, "r", "Q?", ["a", null!], T0.AddDays(1)), "options[1]", "NOT_EMPTY");
        Invalid(new RecordSale(Id, "m", "p", "t", new Money(1m, null!), T0, "s"), "amount.currency", "NOT_EMPTY");
    }

    [Theory]
    [InlineData("Title", "title")]
    [InlineData("Items[0].UnitPrice", "items[0].unitPrice")]
    [InlineData("Amount.Currency", "amount.currency")]
    public void Property_names_become_graphql_input_paths(string property, string path)
    {
        Assert.Equal(path, CommandValidation.FieldPath(property));
    }

    [Theory]
    [InlineData("NotEmptyValidator", "NOT_EMPTY")]
    [InlineData("MaximumLengthValidator", "MAXIMUM_LENGTH")]
    [InlineData("TOTAL_MISMATCH", "TOTAL_MISMATCH")]
    public void Validator_error_codes_become_stable_reasons(string errorCode, string reason)
    {
        Assert.Equal(reason, CommandValidation.ReasonOf(errorCode));
    }
}
