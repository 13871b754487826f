using Es.GraphQL.Language;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.8.2 Variables Are Input Types.</summary>
public sealed class VariablesAreInputTypesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<VariableDefinitionNode>(definition =>
        {
            var type = TypeFromAst.Resolve(context.Schema, definition.Type);
            if (type is { IsInputType: false })
                context.ReportError(this, $"Variable \"${definition.Variable.Name.Value}\" cannot be non-input type \"{Printer.Print(definition.Type)}\".", definition.Type);
        });
}
