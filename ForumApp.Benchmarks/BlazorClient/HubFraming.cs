using System.Buffers;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// SignalR's binary framing for the MessagePack ("blazorpack") hub protocol: every message is a
/// MessagePack array prefixed by its length as a 7-bit variable-length integer (at most 5 bytes).
/// Message types used here: 1 invocation, 3 completion, 6 ping, 7 close.
/// </summary>
internal static class HubFraming
{
    public const int InvocationType = 1;
    public const int CompletionType = 3;
    public const int PingType = 6;
    public const int CloseType = 7;

    /// <summary>The JSON handshake (text, ended by the record separator 0x1e) that picks the protocol.</summary>
    public static readonly byte[] Handshake = "{\"protocol\":\"blazorpack\",\"version\":1}\u001e"u8.ToArray();

    /// <summary>A ping is the one-element array [6]: two bytes, framed.</summary>
    public static readonly byte[] Ping = [0x02, 0x91, 0x06];

    /// <summary>Reads one framed message from the start of <paramref name="buffer"/>; false when it is not complete yet.</summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> buffer, out int headerLength, out int payloadLength)
    {
        headerLength = 0;
        payloadLength = 0;
        var length = 0;
        for (var i = 0; i < 5; i++)
        {
            if (i >= buffer.Length)
            {
                return false;
            }

            var b = buffer[i];
            length |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                headerLength = i + 1;
                payloadLength = length;
                return buffer.Length - headerLength >= payloadLength;
            }
        }

        throw new FormatException("Hub message length prefix longer than 5 bytes.");
    }

    /// <summary>Frames the payload written so far: length prefix, then the bytes.</summary>
    public static byte[] Frame(ArrayBufferWriter<byte> payload)
    {
        var length = payload.WrittenCount;
        var prefix = 1;
        for (var v = length >> 7; v > 0; v >>= 7)
        {
            prefix++;
        }

        var framed = new byte[prefix + length];
        var value = length;
        for (var i = 0; i < prefix; i++)
        {
            framed[i] = (byte)((value & 0x7f) | (i < prefix - 1 ? 0x80 : 0));
            value >>= 7;
        }

        payload.WrittenSpan.CopyTo(framed.AsSpan(prefix));
        return framed;
    }

    /// <summary>Starts an invocation: [1, {}, invocationId, target, [arguments...]; the caller writes the arguments, then <see cref="EndInvocation"/>.</summary>
    public static void BeginInvocation(ref MsgPackWriter writer, string? invocationId, string target, int argumentCount)
    {
        writer.ArrayHeader(6);
        writer.Int(InvocationType);
        writer.EmptyMap();
        writer.String(invocationId);
        writer.String(target);
        writer.ArrayHeader(argumentCount);
    }

    /// <summary>The stream ids the browser's client always sends (none).</summary>
    public static void EndInvocation(ref MsgPackWriter writer) => writer.ArrayHeader(0);

    /// <summary>A completion with a result, the answer to a server-to-client invocation that waits for one.</summary>
    public static byte[] CompletionWithTrue(string invocationId)
    {
        var payload = new ArrayBufferWriter<byte>(64);
        var writer = new MsgPackWriter(payload);
        writer.ArrayHeader(5);
        writer.Int(CompletionType);
        writer.EmptyMap();
        writer.String(invocationId);
        writer.Int(3);
        writer.Bool(true);
        return Frame(payload);
    }
}
