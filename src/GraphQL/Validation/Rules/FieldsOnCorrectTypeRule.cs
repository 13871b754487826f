using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.3.1 Field Selections: a selected field exists on the parent type, with suggestions like graphql-js.</summary>
public sealed class FieldsOnCorrectTypeRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<FieldNode>(field =>
        {
            if (context.ParentType is not { } type || context.FieldDef is not null) return;
            var fieldName = field.Name.Value;
            var suggestion = Suggestions.DidYouMean("to use an inline fragment on",
                context.HideSuggestions ? [] : SuggestedTypeNames(context.Schema, type, fieldName));
            if (suggestion.Length == 0)
                suggestion = Suggestions.DidYouMean(context.HideSuggestions ? [] : SuggestedFieldNames(type, fieldName));
            context.ReportError(this, $"Cannot query field \"{fieldName}\" on type \"{type.Name}\"." + suggestion, field);
        });

    // For an abstract type: the possible types and interfaces that have the field, most used first.
    private static IReadOnlyList<string> SuggestedTypeNames(GraphQLSchema schema, GraphQLNamedType type, string fieldName)
    {
        if (!type.IsAbstractType) return [];
        var suggested = new List<GraphQLNamedType>();
        var usageCount = new Dictionary<string, int>();
        foreach (var possibleType in schema.GetPossibleTypes(type))
        {
            if (possibleType.GetField(fieldName) is null) continue;
            if (!suggested.Contains(possibleType)) suggested.Add(possibleType);
            usageCount[possibleType.Name] = 1;
            foreach (var possibleInterface in possibleType.GetInterfaces())
            {
                if (possibleInterface.GetField(fieldName) is null) continue;
                if (!suggested.Contains(possibleInterface)) suggested.Add(possibleInterface);
                usageCount[possibleInterface.Name] = usageCount.GetValueOrDefault(possibleInterface.Name) + 1;
            }
        }
        JsArraySort.Sort(suggested, (a, b) =>
        {
            int diff = usageCount[b.Name] - usageCount[a.Name];
            if (diff != 0) return diff;
            if (a is GraphQLInterfaceType && schema.IsSubType(a, b)) return -1;
            if (b is GraphQLInterfaceType && schema.IsSubType(b, a)) return 1;
            return Suggestions.NaturalCompare(a.Name, b.Name);
        });
        return suggested.Select(t => t.Name).ToList();
    }

    private static IReadOnlyList<string> SuggestedFieldNames(GraphQLNamedType type, string fieldName) =>
        type is GraphQLImplementingType implementing
            ? Suggestions.List(fieldName, implementing.GetFields().Select(f => f.Name))
            : [];
}
