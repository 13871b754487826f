namespace Es.EventStore.Tests;

public sealed class EventTypeRegistryTests
{
    [Fact]
    public void One_name_cannot_be_registered_for_two_clr_types()
    {
        var registry = new EventTypeRegistry().Register<ItemAdded>("ItemAdded");
        Assert.Throws<ArgumentException>(() => registry.Register<ItemRemoved>("ItemAdded"));
    }

    [Fact]
    public void One_clr_type_cannot_be_registered_under_two_names()
    {
        var registry = new EventTypeRegistry().Register<ItemAdded>("ItemAdded");
        Assert.Throws<ArgumentException>(() => registry.Register<ItemAdded>("ItemAddedAgain"));
    }

    [Fact]
    public void Registering_the_same_type_again_raises_its_schema_version()
    {
        var registry = new EventTypeRegistry().Register<ItemAdded>("ItemAdded").Register<ItemAdded>("ItemAdded", 2);
        Assert.Equal(2, registry.InfoOf(typeof(ItemAdded)).SchemaVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_name_or_a_schema_version_below_one_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new EventTypeRegistry().Register<Note>(name));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventTypeRegistry().Register<Note>("Note", 0));
    }

    [Fact]
    public void Expected_version_exactly_zero_means_no_stream()
    {
        Assert.Equal(ExpectedVersion.NoStream, ExpectedVersion.Exactly(0));
        Assert.True(ExpectedVersion.Exactly(3).IsSatisfiedBy(3));
        Assert.False(ExpectedVersion.Exactly(3).IsSatisfiedBy(2));
        Assert.True(ExpectedVersion.StreamExists.IsSatisfiedBy(1));
        Assert.False(ExpectedVersion.StreamExists.IsSatisfiedBy(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exactly(-1));
    }

    [Fact]
    public void Schema_versions_are_stored_under_martens_versioned_names()
    {
        Assert.Equal("PriceSet", EventTypeRegistry.StoredName("PriceSet", 1));
        Assert.Equal("PriceSet_v3", EventTypeRegistry.StoredName("PriceSet", 3));
        var registry = new EventTypeRegistry().Register<Note>("Note", 2);
        Assert.Equal("Note_v2", registry.InfoOf(typeof(Note)).StoredName);
    }

    [Fact]
    public void An_unregistered_clr_type_is_named_in_the_error()
    {
        var ex = Assert.Throws<UnknownEventTypeException>(() => new EventTypeRegistry().InfoOf(typeof(Note)));
        Assert.Contains(typeof(Note).FullName!, ex.Message);
    }
}
