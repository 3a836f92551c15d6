using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// The few MessagePack shapes a circuit client sends (arrays, maps, integers, strings, nil, booleans),
/// written big-endian as the spec says; enough for SignalR's MessagePack hub protocol and nothing more.
/// </summary>
internal ref struct MsgPackWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    public readonly void ArrayHeader(int count)
    {
        if (count < 16)
        {
            Byte((byte)(0x90 | count));
        }
        else
        {
            var span = _output.GetSpan(5);
            span[0] = 0xdd;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            _output.Advance(5);
        }
    }

    public readonly void EmptyMap() => Byte(0x80);

    public readonly void Nil() => Byte(0xc0);

    public readonly void Bool(bool value) => Byte(value ? (byte)0xc3 : (byte)0xc2);

    public readonly void Int(long value)
    {
        if (value is >= 0 and < 128)
        {
            Byte((byte)value);
            return;
        }

        var span = _output.GetSpan(9);
        span[0] = 0xd3;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
        _output.Advance(9);
    }

    public readonly void String(string? value)
    {
        if (value is null)
        {
            Nil();
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var span = _output.GetSpan(length + 5);
        int header;
        if (length < 32)
        {
            span[0] = (byte)(0xa0 | length);
            header = 1;
        }
        else
        {
            span[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            header = 5;
        }

        Encoding.UTF8.GetBytes(value, span[header..]);
        _output.Advance(header + length);
    }

    private readonly void Byte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}
