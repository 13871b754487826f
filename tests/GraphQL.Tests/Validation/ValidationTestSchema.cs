using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Tests.Validation;

/// <summary>Corpus/schema.graphql declared in C#, field for field, so both engines validate against the same schema.</summary>
public static class ValidationTestSchema
{
    public static GraphQLSchema Instance { get; } = Build();

    private static GraphQLSchema Build() => new SchemaBuilder()
        .Directive("onQuery", d => d.Locations(DirectiveLocation.QUERY))
        .Directive("onMutation", d => d.Locations(DirectiveLocation.MUTATION))
        .Directive("onSubscription", d => d.Locations(DirectiveLocation.SUBSCRIPTION))
        .Directive("onField", d => d.Locations(DirectiveLocation.FIELD))
        .Directive("onFragmentDefinition", d => d.Locations(DirectiveLocation.FRAGMENT_DEFINITION))
        .Directive("onFragmentSpread", d => d.Locations(DirectiveLocation.FRAGMENT_SPREAD))
        .Directive("onInlineFragment", d => d.Locations(DirectiveLocation.INLINE_FRAGMENT))
        .Directive("onVariableDefinition", d => d.Locations(DirectiveLocation.VARIABLE_DEFINITION))
        .Directive("repeatable", d => d.Repeatable().Locations(DirectiveLocation.FIELD, DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT))
        .Directive("withArgs", d => d.Argument("required", "String!").Argument("optional", "Int", defaultValue: 1).Locations(DirectiveLocation.FIELD))
        .Directive("defer", d => d.Argument("label", "String").Argument("if", "Boolean!", defaultValue: true).Locations(DirectiveLocation.FRAGMENT_SPREAD, DirectiveLocation.INLINE_FRAGMENT))
        .Directive("stream", d => d.Argument("label", "String").Argument("if", "Boolean!", defaultValue: true).Argument("initialCount", "Int", defaultValue: 0).Locations(DirectiveLocation.FIELD))
        .Interface("Mammal", i => i.Field("mother", "Mammal").Field("father", "Mammal"))
        .Interface("Pet", i => i.Field("name", "String", f => f.Argument("surname", "Boolean")))
        .Interface("Canine", i => i
            .Implements("Mammal")
            .Field("name", "String", f => f.Argument("surname", "Boolean"))
            .Field("mother", "Canine")
            .Field("father", "Canine"))
        .Enum("DogCommand", e => e.Value("SIT").Value("HEEL").Value("DOWN"))
        .Object("Dog", o => o
            .Implements("Pet", "Mammal", "Canine")
            .Field("name", "String", f => f.Argument("surname", "Boolean"))
            .Field("nickname", "String")
            .Field("barkVolume", "Int")
            .Field("barks", "Boolean")
            .Field("doesKnowCommand", "Boolean", f => f.Argument("dogCommand", "DogCommand"))
            .Field("isHouseTrained", "Boolean", f => f.Argument("atOtherHomes", "Boolean", defaultValue: true))
            .Field("isAtLocation", "Boolean", f => f.Argument("x", "Int").Argument("y", "Int"))
            .Field("mother", "Dog")
            .Field("father", "Dog"))
        .Object("Cat", o => o
            .Implements("Pet")
            .Field("name", "String", f => f.Argument("surname", "Boolean"))
            .Field("nickname", "String")
            .Field("meows", "Boolean")
            .Field("meowsVolume", "Int")
            .Field("furColor", "FurColor"))
        .Union("CatOrDog", "Cat", "Dog")
        .Object("Human", o => o
            .Field("name", "String", f => f.Argument("surname", "Boolean"))
            .Field("pets", "[Pet]")
            .Field("relatives", "[Human]!")
            .Field("iq", "Int"))
        .Object("Alien", o => o
            .Field("name", "String", f => f.Argument("surname", "Boolean"))
            .Field("numEyes", "Int"))
        .Union("DogOrHuman", "Dog", "Human")
        .Union("HumanOrAlien", "Human", "Alien")
        .Enum("FurColor", e => e.Value("BROWN").Value("BLACK").Value("TAN").Value("SPOTTED").Value("NO_FUR").Value("UNKNOWN"))
        .InputObject("ComplexInput", i => i
            .Field("requiredField", "Boolean!")
            .Field("nonNullField", "Boolean!", defaultValue: false)
            .Field("intField", "Int")
            .Field("stringField", "String")
            .Field("booleanField", "Boolean")
            .Field("stringListField", "[String]"))
        .InputObject("OneOfInput", i => i.OneOf().Field("stringField", "String").Field("intField", "Int"))
        .Object("ComplicatedArgs", o => o
            .Field("intArgField", "String", f => f.Argument("intArg", "Int"))
            .Field("nonNullIntArgField", "String", f => f.Argument("nonNullIntArg", "Int!"))
            .Field("stringArgField", "String", f => f.Argument("stringArg", "String"))
            .Field("booleanArgField", "String", f => f.Argument("booleanArg", "Boolean"))
            .Field("enumArgField", "String", f => f.Argument("enumArg", "FurColor"))
            .Field("floatArgField", "String", f => f.Argument("floatArg", "Float"))
            .Field("idArgField", "String", f => f.Argument("idArg", "ID"))
            .Field("stringListArgField", "String", f => f.Argument("stringListArg", "[String]"))
            .Field("stringListNonNullArgField", "String", f => f.Argument("stringListNonNullArg", "[String!]"))
            .Field("complexArgField", "String", f => f.Argument("complexArg", "ComplexInput"))
            .Field("oneOfArgField", "String", f => f.Argument("oneOfArg", "OneOfInput"))
            .Field("multipleReqs", "String", f => f.Argument("req1", "Int!").Argument("req2", "Int!"))
            .Field("nonNullFieldWithDefault", "String", f => f.Argument("arg", "Int!", defaultValue: 0))
            .Field("multipleOpts", "String", f => f.Argument("opt1", "Int", defaultValue: 0).Argument("opt2", "Int", defaultValue: 0))
            .Field("multipleOptAndReq", "String", f => f
                .Argument("req1", "Int!").Argument("req2", "Int!")
                .Argument("opt1", "Int", defaultValue: 0).Argument("opt2", "Int", defaultValue: 0)))
        .Object("Message", o => o.Field("body", "String").Field("sender", "String"))
        .Query("QueryRoot", q => q
            .Field("human", "Human", f => f.Argument("id", "ID"))
            .Field("alien", "Alien")
            .Field("dog", "Dog")
            .Field("cat", "Cat")
            .Field("pet", "Pet")
            .Field("catOrDog", "CatOrDog")
            .Field("dogOrHuman", "DogOrHuman")
            .Field("humanOrAlien", "HumanOrAlien")
            .Field("complicatedArgs", "ComplicatedArgs")
            .Field("stringList", "[String]"))
        .Mutation("MutationRoot", m => m
            .Field("addDog", "Dog", f => f.Argument("name", "String!"))
            .Field("stringList", "[String]"))
        .Subscription("SubscriptionRoot", s => s
            .Field("importantEmails", "[String]")
            .Field("notImportantEmails", "[String]")
            .Field("moreImportantEmails", "[String]")
            .Field("spamEmails", "[String]")
            .Field("deletedEmails", "[String]")
            .Field("newMessage", "Message"))
        .Build();
}
