using Es.GraphQL.Language;
using Es.GraphQL.Types;
using Es.GraphQL.Utilities;

namespace Es.GraphQL.Validation;

/// <summary>
/// Validates an executable document against a schema (spec section 5), as graphql-js's
/// <c>validate</c>: all rules run side by side in one traversal, with a <see cref="TypeInfo"/>
/// tracking types. Every error has <c>extensions.code = "VALIDATION"</c> and, when a rule
/// reported it, <c>extensions.rule</c> = the rule's name.
/// </summary>
public static class Validator
{
    public const string TooManyErrorsMessage = "Too many validation errors, error limit reached. Validation aborted.";
    public const string AbortedMessage = "Validation aborted.";

    public static IReadOnlyList<GraphQLError> Validate(
        GraphQLSchema schema,
        DocumentNode document,
        IEnumerable<ValidationRule>? rules = null,
        ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        var errors = new List<GraphQLError>();
        var typeInfo = new TypeInfo(schema);
        var context = new ValidationContext(schema, document, typeInfo, error =>
        {
            if (errors.Count >= options.MaxErrors) throw new TooManyErrorsException();
            errors.Add(error);
        }, options);

        var visitors = CreateVisitors(rules ?? SpecifiedRules.All, context);
        try
        {
            Visitor.VisitSkippingDescriptions(document, new TypeInfoVisitor(typeInfo, Visitor.InParallel(visitors)));
        }
        catch (TooManyErrorsException)
        {
            errors.Add(ValidationContext.CreateError(null, TooManyErrorsMessage, []));
        }
        catch (ValidationAbortedException)
        {
            errors.Add(ValidationContext.CreateError(null, AbortedMessage, []));
        }
        return errors;
    }

    /// <summary>
    /// Validates a schema document (type system definitions and extensions), optionally as an
    /// extension of an existing schema, as graphql-js's <c>validateSDL</c>: what buildSchema and
    /// extendSchema check before building.
    /// </summary>
    public static IReadOnlyList<GraphQLError> ValidateSdl(
        DocumentNode document,
        GraphQLSchema? schemaToExtend = null,
        IEnumerable<ValidationRule>? rules = null)
    {
        var errors = new List<GraphQLError>();
        var context = new ValidationContext(schemaToExtend, document, null, errors.Add);
        var visitors = CreateVisitors(rules ?? SpecifiedRules.Sdl, context);
        Visitor.Visit(document, Visitor.InParallel(visitors));
        return errors;
    }

    private static List<IVisitor> CreateVisitors(IEnumerable<ValidationRule> rules, ValidationContext context)
    {
        var visitors = new List<IVisitor>(rules is IReadOnlyCollection<ValidationRule> known ? known.Count : 32);
        foreach (var rule in rules) visitors.Add(rule.CreateVisitor(context));
        return visitors;
    }

    private sealed class TooManyErrorsException : Exception;
}
