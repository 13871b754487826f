using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.1.1 Executable Definitions: a document sent for execution holds only operations and fragments.</summary>
public sealed class ExecutableDefinitionsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<DocumentNode>((document, _) =>
        {
            foreach (var definition in document.Definitions)
            {
                if (definition is ExecutableDefinitionNode) continue;
                var name = definition is SchemaDefinitionNode or SchemaExtensionNode ? "schema" : $"\"{DefinitionName(definition)}\"";
                context.ReportError(this, $"The {name} definition is not executable.", definition);
            }
            return VisitResult.Skip;
        });

    internal static string DefinitionName(DefinitionNode definition) => definition switch
    {
        TypeDefinitionNode type => type.Name.Value,
        TypeExtensionNode extension => extension.Name.Value,
        DirectiveDefinitionNode directive => directive.Name.Value,
        DirectiveExtensionNode directive => directive.Name.Value,
        _ => "",
    };
}
