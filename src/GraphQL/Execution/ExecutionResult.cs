using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Es.GraphQL.Types;

namespace Es.GraphQL.Execution;

/// <summary>The outcome of subscribing: a stream of responses, one per source event, or the errors that prevented it.</summary>
public sealed record SubscriptionResult(IAsyncEnumerable<ExecutionResult>? Events, ExecutionResult? Errors);

/// <summary>
/// The response of an operation (spec 7.1): data, and errors when there were any. Objects are
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/>s in selection order, lists arrays, leaves the
/// values result coercion produced.
/// </summary>
public sealed class ExecutionResult
{
    public ExecutionResult(IReadOnlyDictionary<string, object?>? data, IReadOnlyList<GraphQLError>? errors, bool hasData = true)
    {
        Data = data;
        Errors = errors is { Count: > 0 } ? errors : null;
        HasData = hasData;
    }

    public IReadOnlyDictionary<string, object?>? Data { get; }

    public IReadOnlyList<GraphQLError>? Errors { get; }

    /// <summary>False when execution never started (request errors), so the response carries no "data" entry at all (spec 7.1.1).</summary>
    public bool HasData { get; }

    /// <summary>Escapes only what JSON requires, as JavaScript's JSON.stringify does (no \u escapes for non-ASCII or HTML characters).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) WriteTo(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The response as graphql-js serialises it: "errors" first when there are any, then "data".</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Errors is not null)
        {
            writer.WritePropertyName("errors");
            writer.WriteStartArray();
            foreach (var error in Errors) WriteError(writer, error);
            writer.WriteEndArray();
        }
        if (HasData)
        {
            writer.WritePropertyName("data");
            WriteValue(writer, Data);
        }
        writer.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter writer, GraphQLError error)
    {
        writer.WriteStartObject();
        writer.WriteString("message", error.Message);
        if (error.Locations.Count > 0)
        {
            writer.WritePropertyName("locations");
            writer.WriteStartArray();
            foreach (var location in error.Locations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", location.Line);
                writer.WriteNumber("column", location.Column);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (error.Path is not null)
        {
            writer.WritePropertyName("path");
            writer.WriteStartArray();
            foreach (var key in error.Path)
            {
                if (key is int index) writer.WriteNumberValue(index);
                else writer.WriteStringValue(key.ToString());
            }
            writer.WriteEndArray();
        }
        if (error.Extensions is { Count: > 0 })
        {
            writer.WritePropertyName("extensions");
            WriteValue(writer, error.Extensions);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a completed value; numbers as JavaScript would print them, so responses compare equal to graphql-js's.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        // Completed objects and lists come first and are walked by index: they are most of a
        // response, and the generic IEnumerable cases below cost an enumerator per object.
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case ResponseObject obj:
                var keys = obj.KeyList;
                var values = obj.ValueArray;
                writer.WriteStartObject();
                for (var i = 0; i < keys.Count; i++)
                {
                    writer.WritePropertyName(keys[i]);
                    WriteValue(writer, values[i]);
                }
                writer.WriteEndObject();
                break;
            case object?[] array:
                writer.WriteStartArray();
                for (var i = 0; i < array.Length; i++) WriteValue(writer, array[i]);
                writer.WriteEndArray();
                break;
            case int i: writer.WriteNumberValue(i); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d:
                if (!double.IsFinite(d)) writer.WriteNullValue();
                else writer.WriteRawValue(Inspect.Number(d), skipInputValidation: true);
                break;
            case float or decimal or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!, skipInputValidation: true);
                break;
            case JsonElement json: json.WriteTo(writer); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(value.ToString()); break;
        }
    }
}
