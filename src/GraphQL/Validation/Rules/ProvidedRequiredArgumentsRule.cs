using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.4.2.1 Required Arguments: non-null arguments without a default must be given, on fields and directives.</summary>
public sealed class ProvidedRequiredArgumentsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) =>
        ProvidedRequiredArgumentsOnDirectivesRule.CreateVisitor(this, context)
            .Leave<FieldNode>(field =>
            {
                if (context.FieldDef is not { } fieldDef || fieldDef.Arguments.Count == 0) return;
                foreach (var argument in fieldDef.Arguments)
                {
                    if (argument.IsRequired && !field.Arguments.Any(a => a.Name.Value == argument.Name))
                        context.ReportError(this, $"Argument \"{argument}\" of type \"{argument.Type}\" is required, but it was not provided.", field);
                }
            });
}

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
