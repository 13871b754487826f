using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>The directive half of <see cref="KnownArgumentNamesRule"/>, which SDL validation runs on its own.</summary>
public sealed class KnownArgumentNamesOnDirectivesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => CreateVisitor(this, context);

    internal static Visitor CreateVisitor(ValidationRule rule, ValidationContext context)
    {
        var directiveArguments = context.DirectiveTables.ArgumentNames;

        return new Visitor().Enter<DirectiveNode>((directive, _) =>
        {
            var directiveName = directive.Name.Value;
            if (directiveArguments.TryGetValue(directiveName, out var known))
            {
                foreach (var argument in directive.Arguments)
                {
                    var name = argument.Name.Value;
                    if (known.Contains(name)) continue;
                    var suggestions = context.HideSuggestions ? [] : Suggestions.List(name, known);
                    context.ReportError(rule, $"Unknown argument \"{name}\" on directive \"@{directiveName}\"." + Suggestions.DidYouMean(suggestions), argument);
                }
            }
            return VisitResult.Skip;
        });
    }
}
