using System.Security.Cryptography;
using System.Text;

namespace Es.Domain;

/// <summary>
/// RFC 4122 version-5 (SHA-1, name-based) UUIDs: the same name always gives the same id.
/// Used where an id must be derived rather than chosen: the conversation of a pair of members,
/// and event ids from a command's idempotency key so a retried append is recognisably the same.
/// </summary>
public static class NameBasedGuid
{
    /// <summary>The namespace every Es name-based id is derived in.</summary>
    public static readonly Guid EsNamespace = new("5b0c9a8e-3f4f-4d3c-9a52-2f1c1f0e6a11");

    public static Guid Create(string name) => Create(EsNamespace, name);

    public static Guid Create(Guid @namespace, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        @namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>
    /// The id of the <paramref name="index"/>-th event a command with this idempotency key appends to
    /// <paramref name="streamId"/>; the pipeline uses it so the store can spot a replayed command.
    /// </summary>
    public static Guid ForEvent(string idempotencyKey, string streamId, int index) =>
        Create($"event:{streamId}:{idempotencyKey}:{index}");
}
