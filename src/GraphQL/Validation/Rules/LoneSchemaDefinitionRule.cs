using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.3): one schema definition at most, and none when extending a schema that has one.</summary>
public sealed class LoneSchemaDefinitionRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var old = context.OptionalSchema;
        bool alreadyDefined = old is not null && (old.QueryType ?? old.MutationType ?? old.SubscriptionType) is not null;
        int count = 0;
        return new Visitor().Enter<SchemaDefinitionNode>(node =>
        {
            if (alreadyDefined)
            {
                context.ReportError(this, "Cannot define a new schema within a schema extension.", node);
                return;
            }
            if (count > 0) context.ReportError(this, "Must provide only one schema definition.", node);
            count++;
        });
    }
}
