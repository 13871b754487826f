using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>graphql-js 17 (incremental delivery): @stream only on fields that return lists.</summary>
public sealed class StreamDirectiveOnListFieldRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<DirectiveNode>(directive =>
        {
            if (context.FieldDef is not { } fieldDef || context.ParentType is not { } parentType || directive.Name.Value != "stream") return;
            var type = fieldDef.Type;
            bool isList = type is GraphQLListType || (type is GraphQLNonNullType { OfType: GraphQLListType });
            if (!isList)
                context.ReportError(this, $"Directive \"@stream\" cannot be used on non-list field \"{parentType.Name}.{fieldDef.Name}\".", directive);
        });
}
