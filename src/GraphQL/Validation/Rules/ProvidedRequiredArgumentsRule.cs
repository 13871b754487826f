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
