using System.Text.Json;
using Es.Domain;
using FluentValidation;

namespace Es.Ingest.Contracts;

/// <summary>
/// One versioned message type on an ingest topic: its name (<c>type</c>) and <c>version</c>, the
/// shape of its JSON (checked by a FluentValidation validator: missing fields, formats) and how it
/// becomes a domain command. The domain's own validators and deciders check the rest.
/// </summary>
public interface IMessageContract
{
    /// <summary>The logical topic it travels on: <c>sales</c> or <c>orders</c>.</summary>
    string Topic { get; }

    /// <summary>The <c>type</c> field, e.g. <c>sale.recorded</c>.</summary>
    string Type { get; }

    /// <summary>The <c>version</c> field: a change that breaks readers is a new version (a new contract class).</summary>
    int Version { get; }

    /// <summary>Reads the message into a command, or says why it cannot.</summary>
    /// <param name="sourceId">Where the message came from: the producer's message id, else topic/partition/offset.</param>
    ContractReading Read(JsonElement message, string sourceId);

    /// <summary>The command this contract reads into (and writes from).</summary>
    Type CommandType { get; }

    /// <summary>
    /// The message a producer writes for <paramref name="command"/> (UTF-8 JSON, envelope first:
    /// <c>type</c>, <c>version</c>, <c>id</c>): what <see cref="Read"/> reads back into the same command.
    /// </summary>
    /// <param name="messageId">The producer's message id (its idempotency key), or null for none.</param>
    byte[] Write(Command command, string? messageId);
}

/// <summary>A contract's reading of a message: a command, or the violation that sends it to the dead letters.</summary>
public sealed record ContractReading(Command? Command, ContractViolation? Violation)
{
    public static ContractReading Of(Command command) => new(command, null);
    public static ContractReading Violated(ContractViolation violation) => new(null, violation);
}

/// <summary>Why a message was refused before it reached the domain; <see cref="Reason"/> is a stable code (docs/ingest.md).</summary>
public sealed record ContractViolation(string Reason, string Message, string? Field = null)
{
    public override string ToString() => Field is null ? $"{Reason}: {Message}" : $"{Reason} at {Field}: {Message}";
}

/// <summary>The stable reason codes of dead letters.</summary>
public static class DeadLetterReasons
{
    public const string NotJson = "NOT_JSON";
    public const string WrongType = "WRONG_TYPE";
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidField = "INVALID_FIELD";
    public const string UnknownContract = "UNKNOWN_CONTRACT";
    /// <summary>The domain refused the command (a rule broken); the domain's own reason is in the message header.</summary>
    public const string Rejected = "REJECTED";
}

/// <summary>
/// Base of a contract: a message record <typeparamref name="TMessage"/> with nullable fields (so a
/// missing one is told apart from a default), a validator over it, and the mapping to a command
/// <typeparamref name="TCommand"/> and back (producers and the generator write what readers read).
/// </summary>
public abstract class MessageContract<TMessage, TCommand> : AbstractValidator<TMessage>, IMessageContract
    where TMessage : class where TCommand : Command
{
    protected MessageContract()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
    }

    public abstract string Topic { get; }
    public abstract string Type { get; }
    public abstract int Version { get; }

    public Type CommandType => typeof(TCommand);

    /// <summary>The command for a message that passed the validator.</summary>
    protected abstract TCommand ToCommand(TMessage message, string sourceId);

    /// <summary>The message for a command: the inverse of <see cref="ToCommand"/> (its source id is the message id, not a field).</summary>
    protected abstract TMessage ToMessage(TCommand command, string? messageId);

    public byte[] Write(Command command, string? messageId)
    {
        if (command is not TCommand typed)
            throw new ArgumentException($"The {Type} contract writes {typeof(TCommand).Name}, not {command.GetType().Name}.", nameof(command));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteNumber("version", Version);
            // The message record's own fields in declaration order (its Id first), nulls left out.
            using var fields = JsonSerializer.SerializeToDocument(ToMessage(typed, messageId), ContractJson.WriteOptions);
            foreach (var field in fields.RootElement.EnumerateObject()) field.WriteTo(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public ContractReading Read(JsonElement message, string sourceId)
    {
        TMessage? parsed;
        try
        {
            parsed = message.Deserialize<TMessage>(ContractJson.Options);
        }
        catch (JsonException ex)
        {
            return ContractReading.Violated(new ContractViolation(DeadLetterReasons.WrongType,
                $"A field has the wrong JSON type: {FirstLine(ex.Message)}", ex.Path?.TrimStart('$', '.')));
        }
        if (parsed is null) return ContractReading.Violated(new ContractViolation(DeadLetterReasons.WrongType, "The message is not a JSON object."));
        var result = Validate(parsed);
        if (!result.IsValid)
        {
            var first = result.Errors[0];
            var reason = first.ErrorCode == DeadLetterReasons.MissingField ? DeadLetterReasons.MissingField : DeadLetterReasons.InvalidField;
            var all = string.Join("; ", result.Errors.Select(e => e.ErrorMessage));
            return ContractReading.Violated(new ContractViolation(reason, all, CommandValidation.FieldPath(first.PropertyName)));
        }
        return ContractReading.Of(ToCommand(parsed, sourceId));
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}

/// <summary>How contract JSON is read: camelCase names, numbers as numbers (a quoted number is a wrong type), extra fields ignored.</summary>
public static class ContractJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>How contract JSON is written: camelCase, absent fields left out, compact.</summary>
    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
