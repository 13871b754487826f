using System.Collections;
using System.Runtime.CompilerServices;
using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Execution;

/// <summary>
/// Executes an operation (spec section 6, graphql-js execute): coerces variables, collects the
/// root fields, resolves them (queries concurrently, mutations one after the other), completes
/// each value against its type, and propagates nulls from non-null fields to the nearest nullable
/// parent exactly as spec 6.4.4 "Handling Field Errors" says. Resolvers that complete
/// synchronously are completed without any Task or state machine; only async work allocates.
/// </summary>
public static class Executor
{
    /// <summary>
    /// The whole request as graphql-js's <c>graphql()</c>: parse, validate against the schema,
    /// execute. Syntax and validation errors come back as a result without data (spec 7.1.1).
    /// </summary>
    public static ValueTask<ExecutionResult> ExecuteAsync(GraphQLSchema schema, string source,
        IReadOnlyDictionary<string, object?>? variableValues = null, string? operationName = null,
        RequestContext? context = null, object? rootValue = null)
    {
        DocumentNode document;
        try
        {
            document = Parser.Parse(new Source(source));
        }
        catch (GraphQLError syntaxError)
        {
            return new ValueTask<ExecutionResult>(new ExecutionResult(null, [syntaxError], hasData: false));
        }
        var validationErrors = Validation.Validator.Validate(schema, document);
        if (validationErrors.Count > 0) return new ValueTask<ExecutionResult>(new ExecutionResult(null, validationErrors, hasData: false));
        return ExecuteAsync(new ExecutionRequest
        {
            Schema = schema,
            Document = document,
            VariableValues = variableValues,
            OperationName = operationName,
            Context = context ?? RequestContext.None,
            RootValue = rootValue,
        });
    }

    public static ValueTask<ExecutionResult> ExecuteAsync(ExecutionRequest request)
    {
        var (context, requestErrors) = BuildContext(request);
        if (context is null) return new ValueTask<ExecutionResult>(new ExecutionResult(null, requestErrors, hasData: false));
        return ExecuteOperationAsync(context, request.RootValue);
    }

    private static async ValueTask<ExecutionResult> ExecuteOperationAsync(ExecutionContext context, object? rootValue)
    {
        var operation = context.Operation;
        var rootType = context.Schema.GetRootType(operation.Operation);
        if (rootType is null) return new ExecutionResult(null, [NotConfigured(operation)]);

        object? data;
        try
        {
            var fields = FieldCollection.CollectFields(context.Schema, context.Fragments, context.Variables, rootType, operation.SelectionSet);
            object? result;
            if (operation.Operation == OperationType.Mutation)
            {
                result = await context.ExecuteFieldsSerially(rootType, rootValue, fields).ConfigureAwait(false);
            }
            else
            {
                context.Request.EnterPass();
                try
                {
                    result = context.ExecuteFields(rootType, rootValue, null, fields);
                }
                finally
                {
                    context.Request.ExitPass();
                }
            }
            if (result is Task<object?> pending)
            {
                // The first level is resolved as far as it can be without waiting: send the loads it queued.
                context.Request.DispatchDataLoaders();
                result = await pending.ConfigureAwait(false);
            }
            data = result;
        }
        catch (GraphQLError error)
        {
            // A non-null root field failed: the whole data is null (spec 6.4.4).
            context.AddError(error, null);
            data = null;
        }
        return new ExecutionResult((IReadOnlyDictionary<string, object?>?)data, context.Errors);
    }

    private static GraphQLError NotConfigured(OperationDefinitionNode operation) =>
        new($"Schema is not configured to execute {operation.Operation.ToString().ToLowerInvariant()} operation.", Values.Locations(operation));

    /// <summary>
    /// Subscribe (spec 6.2.3): creates the source event stream from the single root field's
    /// <see cref="GraphQLField.Subscribe"/>, then executes the selection set once per event with
    /// the event as root value (MapSourceToResponseEvent). Errors before the stream exists come
    /// back as a result without a stream.
    /// </summary>
    public static async ValueTask<SubscriptionResult> SubscribeAsync(ExecutionRequest request)
    {
        var (context, requestErrors) = BuildContext(request);
        if (context is null) return new SubscriptionResult(null, new ExecutionResult(null, requestErrors, hasData: false));
        var operation = context.Operation;
        if (operation.Operation != OperationType.Subscription)
            return new SubscriptionResult(null, new ExecutionResult(null, [new GraphQLError("Expected subscription operation.")], hasData: false));
        var rootType = context.Schema.SubscriptionType;
        if (rootType is null) return new SubscriptionResult(null, new ExecutionResult(null, [NotConfigured(operation)], hasData: false));

        try
        {
            var fields = FieldCollection.CollectFields(context.Schema, context.Fragments, context.Variables, rootType, operation.SelectionSet);
            var fieldNodes = fields.Fields[0];
            var fieldName = fieldNodes[0].Name.Value;
            var field = context.Schema.GetField(rootType, fieldName)
                ?? throw new GraphQLError($"The subscription field \"{fieldName}\" is not defined.", fieldNodes.Select(n => n.Location).OfType<Location>().Select(l => l.StartLocation).ToArray());
            var path = new ResponsePath(null, fields.Keys[0]);
            IAsyncEnumerable<object?> stream;
            try
            {
                var arguments = Values.GetArgumentValues(field.Arguments, fieldNodes[0], fieldNodes[0].Arguments, context.Variables);
                var resolveContext = new ResolveFieldContext
                {
                    Source = request.RootValue, Arguments = arguments, Request = request.Context, Field = field,
                    ParentType = rootType, Schema = context.Schema, Path = path, Variables = context.Variables, FieldNodes = fieldNodes,
                };
                if (field.Subscribe is null)
                    throw new GraphQLError($"Subscription field must return Async Iterable. Received: {Inspect.Value(await field.Resolver(resolveContext).ConfigureAwait(false))}.");
                stream = await field.Subscribe(resolveContext).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException and not GraphQLError { Path: not null })
            {
                var original = error as GraphQLError;
                throw new GraphQLError(error.Message,
                    original is { Locations.Count: > 0 } ? original.Locations : fieldNodes.Select(n => n.Location).OfType<Location>().Select(l => l.StartLocation).ToArray(),
                    path.ToList(), original?.Extensions, original?.InnerException ?? error);
            }
            return new SubscriptionResult(MapSourceToResponseEvents(stream, context, request.Context.CancellationToken), null);
        }
        catch (GraphQLError error)
        {
            return new SubscriptionResult(null, new ExecutionResult(null, [error], hasData: false));
        }
    }

    private static async IAsyncEnumerable<ExecutionResult> MapSourceToResponseEvents(IAsyncEnumerable<object?> stream,
        ExecutionContext subscription, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var sourceEvent in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            // Each event is its own execution: same operation and variables, errors of its own.
            yield return await ExecuteOperationAsync(subscription.ForNextEvent(), sourceEvent).ConfigureAwait(false);
        }
    }

    /// <summary>graphql-js buildExecutionContext: the operation to run, fragments, and coerced variables; or request errors.</summary>
    private static (ExecutionContext?, IReadOnlyList<GraphQLError>?) BuildContext(ExecutionRequest request)
    {
        OperationDefinitionNode? operation = null;
        var fragments = new Dictionary<string, FragmentDefinitionNode>();
        foreach (var definition in request.Document.Definitions)
        {
            switch (definition)
            {
                case OperationDefinitionNode candidate:
                    if (request.OperationName is null)
                    {
                        if (operation is not null)
                            return (null, [new GraphQLError("Must provide operation name if query contains multiple operations.")]);
                        operation = candidate;
                    }
                    else if (candidate.Name?.Value == request.OperationName)
                    {
                        operation = candidate;
                    }
                    break;
                case FragmentDefinitionNode fragment:
                    fragments.TryAdd(fragment.Name.Value, fragment);
                    break;
            }
        }
        if (operation is null)
        {
            return (null, [request.OperationName is null
                ? new GraphQLError("Must provide an operation.")
                : new GraphQLError($"Unknown operation named \"{request.OperationName}\".")]);
        }

        var (variables, errors) = Values.CoerceVariableValues(request.Schema, operation.VariableDefinitions, request.VariableValues);
        if (errors is not null) return (null, errors);
        return (new ExecutionContext(request.Schema, operation, fragments, variables!, request.Context), null);
    }

    /// <summary>Everything one execution shares: its operation, variables, errors and memoised sub-field collections.</summary>
    private sealed class ExecutionContext(
        GraphQLSchema schema,
        OperationDefinitionNode operation,
        Dictionary<string, FragmentDefinitionNode> fragments,
        IReadOnlyDictionary<string, object?> variables,
        RequestContext request)
    {
        /// <summary>Marks a field the schema does not define (validation normally prevents it): it is left out of the response.</summary>
        private static readonly object Omitted = new();

        // Errors in the order they were reported, with the thread that reported them; those an
        // abandoned field reported once it had gone async are replaced by null (see Abandon).
        private readonly List<(GraphQLError? Error, int Thread)> _errors = [];
        private readonly HashSet<ResponsePath?> _nulledPaths = [];
        private readonly Dictionary<(GraphQLObjectType, List<FieldNode>), GroupedFieldSet> _subfields = new(SubfieldKeyComparer.Instance);
        private readonly Lock _lock = new();
        private readonly Dictionary<FieldNode, ArgumentValues> _arguments = new(ReferenceEqualityComparer.Instance);

        public GraphQLSchema Schema { get; } = schema;

        public RequestContext Request => request;

        public ExecutionContext ForNextEvent() => new(Schema, Operation, Fragments, Variables, request);
        public OperationDefinitionNode Operation { get; } = operation;
        public Dictionary<string, FragmentDefinitionNode> Fragments { get; } = fragments;
        public IReadOnlyDictionary<string, object?> Variables { get; } = variables;

        public IReadOnlyList<GraphQLError> Errors
        {
            get
            {
                lock (_lock) return _errors.Select(e => e.Error).OfType<GraphQLError>().ToArray();
            }
        }

        /// <summary>
        /// Records a field error unless a parent of its path was already nulled by another error
        /// (graphql-js 17 drops those, as their data no longer exists).
        /// </summary>
        public void AddError(GraphQLError error, ResponsePath? path)
        {
            lock (_lock)
            {
                for (var p = path; p is not null; p = p.Previous)
                {
                    if (_nulledPaths.Contains(p)) return;
                }
                if (_nulledPaths.Contains(null)) return;
                _nulledPaths.Add(path);
                _errors.Add((error, Environment.CurrentManagedThreadId));
            }
        }

        /// <summary>Executes fields for one object (spec 6.3 ExecuteSelectionSet); returns the object, or a Task of it when a resolver is pending.</summary>
        public object ExecuteFields(GraphQLObjectType parentType, object? source, ResponsePath? path, GroupedFieldSet fields)
        {
            var values = new object?[fields.Count];
            List<int>? pending = null;
            List<(ResponsePath, int)>? pendingFields = null;
            var omitted = false;
            for (var i = 0; i < values.Length; i++)
            {
                var fieldPath = new ResponsePath(path, fields.Keys[i]);
                object? result;
                try
                {
                    result = ExecuteField(parentType, source, fields.Fields[i], fieldPath);
                }
                catch when (pendingFields is not null)
                {
                    Abandon(pendingFields);
                    throw;
                }
                if (result is Task<object?>)
                {
                    (pending ??= []).Add(i);
                    (pendingFields ??= []).Add((fieldPath, ReportedCount));
                }
                else if (ReferenceEquals(result, Omitted))
                {
                    omitted = true;
                }
                values[i] = result;
            }
            if (pending is null) return Complete(fields.Keys, values, omitted);
            return AwaitFields(fields.Keys, values, pending, omitted);
        }

        private int ReportedCount
        {
            get
            {
                lock (_lock) return _errors.Count;
            }
        }

        /// <summary>
        /// A non-null error is leaving the parent of these fields, which are still resolving. In
        /// graphql-js the parent is nulled before any of them can settle, so of their errors only
        /// those reported while the executor walked them count. Here their async work runs on, on
        /// other threads, and may already have reported more: their positions are nulled now, and
        /// what they reported from another thread, or on this one after they went async, is withdrawn.
        /// This thread is the one that walked them.
        /// </summary>
        private void Abandon(List<(ResponsePath Path, int ReportedBeforeAsync)> fields)
        {
            var walker = Environment.CurrentManagedThreadId;
            lock (_lock)
            {
                foreach (var (abandoned, reportedBeforeAsync) in fields)
                {
                    _nulledPaths.Add(abandoned);
                    var prefix = abandoned.ToList();
                    for (var i = 0; i < _errors.Count; i++)
                    {
                        var (error, thread) = _errors[i];
                        if (error?.Path is { } path && (thread != walker || i >= reportedBeforeAsync)
                            && path.Count >= prefix.Count && path.Take(prefix.Count).SequenceEqual(prefix))
                            _errors[i] = (null, thread);
                    }
                }
            }
        }

        private static async Task<object?> AwaitFields(List<string> keys, object?[] values, List<int> pending, bool omitted)
        {
            foreach (var index in pending) values[index] = await ((Task<object?>)values[index]!).ConfigureAwait(false);
            return Complete(keys, values, omitted);
        }

        private static ResponseObject Complete(List<string> keys, object?[] values, bool omitted)
        {
            if (!omitted) return new ResponseObject(keys, values);
            var keptKeys = new List<string>();
            var keptValues = new List<object?>();
            for (var i = 0; i < values.Length; i++)
            {
                if (ReferenceEquals(values[i], Omitted)) continue;
                keptKeys.Add(keys[i]);
                keptValues.Add(values[i]);
            }
            return new ResponseObject(keptKeys, keptValues.ToArray());
        }

        /// <summary>Mutation root fields run one after the other (spec 6.2.2 "Mutation", ExecuteFieldsSerially).</summary>
        public async Task<object?> ExecuteFieldsSerially(GraphQLObjectType parentType, object? source, GroupedFieldSet fields)
        {
            var values = new object?[fields.Count];
            var omitted = false;
            for (var i = 0; i < values.Length; i++)
            {
                object? result;
                request.EnterPass();
                try
                {
                    result = ExecuteField(parentType, source, fields.Fields[i], new ResponsePath(null, fields.Keys[i]));
                }
                finally
                {
                    request.ExitPass();
                }
                if (result is Task<object?> pending)
                {
                    request.DispatchDataLoaders();
                    result = await pending.ConfigureAwait(false);
                }
                if (ReferenceEquals(result, Omitted)) omitted = true;
                values[i] = result;
            }
            return Complete(fields.Keys, values, omitted);
        }

        /// <summary>ExecuteField (spec 6.4): coerce arguments, resolve, complete; field errors handled per spec 6.4.4.</summary>
        private object? ExecuteField(GraphQLObjectType parentType, object? source, List<FieldNode> fieldNodes, ResponsePath path)
        {
            var node = fieldNodes[0];
            var field = Schema.GetField(parentType, node.Name.Value);
            if (field is null) return Omitted;
            request.CancellationToken.ThrowIfCancellationRequested();

            var returnType = field.Type;
            try
            {
                // Fields read by the default resolver need no context object: read the value directly.
                if (field.Resolve is null && field.Arguments.Count == 0)
                {
                    var site = new FieldSite(parentType, field, null, source, path, fieldNodes);
                    var value = field.ResolveSource is { } fromSource ? fromSource(source) : DefaultFieldResolver.ReadMember(source, field.Name);
                    var completedValue = CompleteValue(returnType, fieldNodes, site, path, value);
                    return completedValue is Task<object?> pendingValue ? HandleAsyncErrors(pendingValue, returnType, fieldNodes, path) : completedValue;
                }

                var arguments = field.Arguments.Count == 0 ? ArgumentValues.Empty : Arguments(field, node);
                var context = new ResolveFieldContext
                {
                    Source = source,
                    Arguments = arguments,
                    Request = request,
                    Field = field,
                    ParentType = parentType,
                    Schema = Schema,
                    Path = path,
                    Variables = Variables,
                    FieldNodes = fieldNodes,
                };
                var resolved = field.Resolver(context);
                var info = new FieldSite(parentType, field, context, source, path, fieldNodes);
                if (!resolved.IsCompletedSuccessfully) return CompleteAsync(resolved, returnType, fieldNodes, info, path);
                var completed = CompleteValue(returnType, fieldNodes, info, path, resolved.Result);
                return completed is Task<object?> pending ? HandleAsyncErrors(pending, returnType, fieldNodes, path) : completed;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return HandleFieldError(error, returnType, fieldNodes, path);
            }
        }

        private async Task<object?> CompleteAsync(ValueTask<object?> resolving, GraphQLType returnType, List<FieldNode> fieldNodes,
            FieldSite context, ResponsePath path)
        {
            try
            {
                var resolved = await resolving.ConfigureAwait(false);
                object? completed;
                request.EnterPass();
                try
                {
                    completed = CompleteValue(returnType, fieldNodes, context, path, resolved);
                }
                finally
                {
                    request.ExitPass();
                }
                if (completed is not Task<object?> pending) return completed;
                // This continuation completed what it could: send the loads it queued before waiting.
                request.DispatchDataLoaders();
                return await pending.ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return HandleFieldError(error, returnType, fieldNodes, path);
            }
        }

        private async Task<object?> HandleAsyncErrors(Task<object?> completing, GraphQLType returnType, List<FieldNode> fieldNodes, ResponsePath path)
        {
            try
            {
                return await completing.ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return HandleFieldError(error, returnType, fieldNodes, path);
            }
        }

        /// <summary>
        /// A field's coerced arguments. Arguments written without variables coerce the same way
        /// every time, so they are coerced once per field node (lists of introspection types
        /// would otherwise coerce <c>includeDeprecated: true</c> hundreds of times).
        /// </summary>
        private ArgumentValues Arguments(GraphQLField field, FieldNode node)
        {
            lock (_arguments)
            {
                if (_arguments.TryGetValue(node, out var cached)) return cached;
            }
            var arguments = Values.GetArgumentValues(field.Arguments, node, node.Arguments, Variables);
            if (!node.Arguments.Any(a => ContainsVariable(a.Value)))
            {
                lock (_arguments) _arguments[node] = arguments;
            }
            return arguments;
        }

        private static bool ContainsVariable(ValueNode value) => value switch
        {
            VariableNode => true,
            ListValueNode list => list.Values.Any(ContainsVariable),
            ObjectValueNode obj => obj.Fields.Any(f => ContainsVariable(f.Value)),
            _ => false,
        };

        /// <summary>
        /// Spec 6.4.4: a field error makes a nullable field null and is recorded; for a non-null
        /// field it propagates to the parent field, whose own type decides.
        /// </summary>
        private object? HandleFieldError(Exception raw, GraphQLType returnType, List<FieldNode> fieldNodes, ResponsePath path)
        {
            var error = LocatedError(raw, fieldNodes, path);
            if (returnType is GraphQLNonNullType) throw error;
            AddError(error, path);
            return null;
        }

        /// <summary>graphql-js locatedError: the error with the field's locations and path, unless it already has a path.</summary>
        private static GraphQLError LocatedError(Exception raw, List<FieldNode> fieldNodes, ResponsePath path)
        {
            if (raw is GraphQLError { Path: not null } located) return located;
            var original = raw is GraphQLError graphQLError ? graphQLError : null;
            var locations = original is { Locations.Count: > 0 }
                ? original.Locations
                : fieldNodes.Where(n => n.Location is not null).Select(n => n.Location!.Value.StartLocation).ToArray();
            return new GraphQLError(raw.Message, locations, path.ToList(), original?.Extensions, original?.InnerException ?? raw);
        }

        /// <summary>CompleteValue (spec 6.4.3); returns the completed value, or a Task when part of it is still resolving.</summary>
        private object? CompleteValue(GraphQLType returnType, List<FieldNode> fieldNodes, FieldSite info, ResponsePath path, object? result)
        {
            if (result is Exception exception) throw exception;

            if (returnType is GraphQLNonNullType nonNull)
            {
                var completed = CompleteValue(nonNull.OfType, fieldNodes, info, path, result);
                if (completed is Task<object?> pending) return EnsureNonNull(pending, info);
                return completed ?? throw NullForNonNull(info);
            }

            if (result is null) return null;

            switch (returnType)
            {
                case GraphQLListType list:
                    return CompleteListValue(list.OfType, fieldNodes, info, path, result);
                case GraphQLLeafType leaf:
                    var coerced = leaf.CoerceOutputValue(result);
                    return coerced ?? throw new GraphQLError(
                        $"Expected `{leaf}.coerceOutputValue({Inspect.Value(result)})` to return non-nullable value, returned: {Inspect.Value(coerced)}");
                case GraphQLObjectType obj:
                    return CompleteObjectValue(obj, fieldNodes, info, path, result);
                default:
                    return CompleteAbstractValue((GraphQLNamedType)returnType, fieldNodes, info, path, result);
            }
        }

        private static GraphQLError NullForNonNull(FieldSite info) =>
            new($"Cannot return null for non-nullable field {info.ParentType.Name}.{info.FieldName}.");

        private static async Task<object?> EnsureNonNull(Task<object?> pending, FieldSite info) =>
            await pending.ConfigureAwait(false) ?? throw NullForNonNull(info);

        private object? CompleteListValue(GraphQLType itemType, List<FieldNode> fieldNodes, FieldSite info, ResponsePath path, object result)
        {
            if (result is not IEnumerable items || result is string || result is IDictionary)
                throw new GraphQLError($"Expected Iterable, but did not find one for field \"{info.ParentType.Name}.{info.FieldName}\".");

            var completed = result is ICollection collection ? new object?[collection.Count] : null;
            var growing = completed is null ? new List<object?>() : null;
            List<int>? pending = null;
            List<(ResponsePath, int)>? pendingItems = null;
            var index = 0;
            foreach (var item in items)
            {
                var itemPath = new ResponsePath(path, index);
                object? value;
                try
                {
                    value = CompleteValue(itemType, fieldNodes, info, itemPath, item);
                    if (value is Task<object?> task)
                    {
                        value = HandleAsyncErrors(task, itemType, fieldNodes, itemPath);
                        (pending ??= []).Add(index);
                        (pendingItems ??= []).Add((itemPath, ReportedCount));
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    try
                    {
                        value = HandleFieldError(error, itemType, fieldNodes, itemPath);
                    }
                    catch when (pendingItems is not null)
                    {
                        Abandon(pendingItems);
                        throw;
                    }
                }
                if (completed is not null) completed[index] = value;
                else growing!.Add(value);
                index++;
            }
            var array = completed ?? growing!.ToArray();
            if (pending is null) return array;
            return AwaitItems(array, pending);
        }

        private static async Task<object?> AwaitItems(object?[] items, List<int> pending)
        {
            foreach (var index in pending) items[index] = await ((Task<object?>)items[index]!).ConfigureAwait(false);
            return items;
        }

        private object? CompleteObjectValue(GraphQLObjectType type, List<FieldNode> fieldNodes, FieldSite info, ResponsePath path, object result)
        {
            if (type.IsTypeOf is { } isTypeOf && !isTypeOf(result))
                throw new GraphQLError($"Expected value of type \"{type}\" but got: {Inspect.Value(result)}.", Locations(fieldNodes));
            return ExecuteFields(type, result, path, Subfields(type, fieldNodes));
        }

        private GroupedFieldSet Subfields(GraphQLObjectType type, List<FieldNode> fieldNodes)
        {
            lock (_subfields)
            {
                if (_subfields.TryGetValue((type, fieldNodes), out var cached)) return cached;
            }
            var collected = FieldCollection.CollectSubfields(Schema, Fragments, Variables, type, fieldNodes);
            lock (_subfields) _subfields[(type, fieldNodes)] = collected;
            return collected;
        }

        private object? CompleteAbstractValue(GraphQLNamedType returnType, List<FieldNode> fieldNodes, FieldSite info, ResponsePath path, object result)
        {
            var resolveType = returnType switch
            {
                GraphQLInterfaceType iface => iface.ResolveType,
                GraphQLUnionType union => union.ResolveType,
                _ => null,
            };
            if (resolveType is null)
            {
                return CompleteObjectValue(EnsureValidRuntimeType(DefaultTypeResolver(result, returnType), returnType, fieldNodes, info), fieldNodes, info, path, result);
            }
            var resolving = resolveType(result, info.Context ?? info.CreateContext(Schema, Variables, request), returnType);
            if (resolving.IsCompletedSuccessfully)
                return CompleteObjectValue(EnsureValidRuntimeType(resolving.Result, returnType, fieldNodes, info), fieldNodes, info, path, result);
            return CompleteResolvedAbstractValue(resolving, returnType, fieldNodes, info, path, result);
        }

        private async Task<object?> CompleteResolvedAbstractValue(ValueTask<string?> resolving, GraphQLNamedType returnType,
            List<FieldNode> fieldNodes, FieldSite info, ResponsePath path, object result)
        {
            var runtimeType = EnsureValidRuntimeType(await resolving.ConfigureAwait(false), returnType, fieldNodes, info);
            object? completed;
            request.EnterPass();
            try
            {
                completed = CompleteObjectValue(runtimeType, fieldNodes, info, path, result);
            }
            finally
            {
                request.ExitPass();
            }
            if (completed is not Task<object?> pending) return completed;
            request.DispatchDataLoaders();
            return await pending.ConfigureAwait(false);
        }

        /// <summary>graphql-js defaultTypeResolver: a <c>__typename</c> entry, else the first possible type whose IsTypeOf accepts the value.</summary>
        private string? DefaultTypeResolver(object value, GraphQLNamedType abstractType)
        {
            if (value is IReadOnlyDictionary<string, object?> map && map.TryGetValue("__typename", out var typename) && typename is string name) return name;
            foreach (var possible in Schema.GetPossibleTypes(abstractType))
            {
                if (possible.IsTypeOf?.Invoke(value) == true) return possible.Name;
            }
            return null;
        }

        private GraphQLObjectType EnsureValidRuntimeType(string? runtimeTypeName, GraphQLNamedType returnType, List<FieldNode> fieldNodes, FieldSite info)
        {
            var locations = Locations(fieldNodes);
            if (runtimeTypeName is null)
                throw new GraphQLError(
                    $"Abstract type \"{returnType}\" must resolve to an Object type at runtime for field \"{info.ParentType.Name}.{info.FieldName}\". Either the \"{returnType}\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.",
                    locations);
            var runtimeType = Schema.GetType(runtimeTypeName)
                ?? throw new GraphQLError($"Abstract type \"{returnType}\" was resolved to a type \"{runtimeTypeName}\" that does not exist inside the schema.", locations);
            if (runtimeType is not GraphQLObjectType obj)
                throw new GraphQLError($"Abstract type \"{returnType}\" was resolved to a non-object type \"{runtimeTypeName}\".", locations);
            if (!Schema.IsSubType(returnType, obj))
                throw new GraphQLError($"Runtime Object type \"{obj}\" is not a possible type for \"{returnType}\".", locations);
            return obj;
        }

        private static IReadOnlyList<SourceLocation> Locations(List<FieldNode> fieldNodes) =>
            fieldNodes.Where(n => n.Location is not null).Select(n => n.Location!.Value.StartLocation).ToArray();
    }

    /// <summary>
    /// The field being completed: what error messages and type resolution need. The resolver's
    /// context when there was one; fields read by the default resolver never create one unless
    /// an abstract type's ResolveType asks for it.
    /// </summary>
    private readonly record struct FieldSite(GraphQLObjectType ParentType, GraphQLField Field, ResolveFieldContext? Context,
        object? Source, ResponsePath Path, List<FieldNode> FieldNodes)
    {
        public string FieldName => Field.Name;

        public ResolveFieldContext CreateContext(GraphQLSchema schema, IReadOnlyDictionary<string, object?> variables, RequestContext request) => new()
        {
            Source = Source, Field = Field, ParentType = ParentType, Schema = schema, Path = Path, Variables = variables,
            Request = request, FieldNodes = FieldNodes,
        };
    }

    /// <summary>Compares sub-field collection keys by the identity of the field node list, as graphql-js memoises on it.</summary>
    private sealed class SubfieldKeyComparer : IEqualityComparer<(GraphQLObjectType, List<FieldNode>)>
    {
        public static readonly SubfieldKeyComparer Instance = new();

        public bool Equals((GraphQLObjectType, List<FieldNode>) x, (GraphQLObjectType, List<FieldNode>) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((GraphQLObjectType, List<FieldNode>) key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Item1), RuntimeHelpers.GetHashCode(key.Item2));
    }
}
