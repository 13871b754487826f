using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.4.1 Argument Names: every argument is defined by its field or directive.</summary>
public sealed class KnownArgumentNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) =>
        KnownArgumentNamesOnDirectivesRule.CreateVisitor(this, context)
            .Enter<ArgumentNode>(argument =>
            {
                if (context.Argument is not null || context.FieldDef is not { } fieldDef) return;
                var name = argument.Name.Value;
                var suggestions = context.HideSuggestions ? [] : Suggestions.List(name, fieldDef.Arguments.Select(a => a.Name));
                context.ReportError(this, $"Unknown argument \"{name}\" on field \"{fieldDef}\"." + Suggestions.DidYouMean(suggestions), argument);
            });
}
