using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>The directive half of <see cref="ProvidedRequiredArgumentsRule"/>, which SDL validation runs on its own.</summary>
public sealed class ProvidedRequiredArgumentsOnDirectivesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => CreateVisitor(this, context);

    internal static Visitor CreateVisitor(ValidationRule rule, ValidationContext context)
    {
        var required = context.DirectiveTables.RequiredArguments;

        return new Visitor().Leave<DirectiveNode>(directive =>
        {
            var name = directive.Name.Value;
            if (!required.TryGetValue(name, out var arguments)) return;
            foreach (var (argumentName, type) in arguments)
            {
                if (!directive.Arguments.Any(a => a.Name.Value == argumentName))
                    context.ReportError(rule, $"Argument \"@{name}({argumentName}:)\" of type \"{type}\" is required, but it was not provided.", directive);
            }
        });
    }
}
