using System.Buffers.Binary;
using System.Text;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// Reads the MessagePack values the server's hub protocol sends (integers, strings, binary, arrays, maps,
/// nil, booleans, floats); anything else (extension types) is skipped by length. Big-endian per the spec.
/// </summary>
internal ref struct MsgPackReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool End => _pos >= _data.Length;

    public readonly byte Peek => _data[_pos];

    public bool TryNil()
    {
        if (_data[_pos] == 0xc0)
        {
            _pos++;
            return true;
        }

        return false;
    }

    public int ArrayHeader()
    {
        var b = _data[_pos++];
        return b switch
        {
            >= 0x90 and <= 0x9f => b & 0x0f,
            0xdc => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xdd => checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw new FormatException($"MessagePack: expected an array, found 0x{b:x2}."),
        };
    }

    public int MapHeader()
    {
        var b = _data[_pos++];
        return b switch
        {
            >= 0x80 and <= 0x8f => b & 0x0f,
            0xde => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xdf => checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw new FormatException($"MessagePack: expected a map, found 0x{b:x2}."),
        };
    }

    public long Int()
    {
        var b = _data[_pos++];
        return b switch
        {
            <= 0x7f => b,
            >= 0xe0 => (sbyte)b,
            0xcc => Take(1)[0],
            0xcd => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xce => BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
            0xcf => checked((long)BinaryPrimitives.ReadUInt64BigEndian(Take(8))),
            0xd0 => (sbyte)Take(1)[0],
            0xd1 => BinaryPrimitives.ReadInt16BigEndian(Take(2)),
            0xd2 => BinaryPrimitives.ReadInt32BigEndian(Take(4)),
            0xd3 => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
            _ => throw new FormatException($"MessagePack: expected an integer, found 0x{b:x2}."),
        };
    }

    public bool Bool()
    {
        var b = _data[_pos++];
        return b switch
        {
            0xc3 => true,
            0xc2 => false,
            _ => throw new FormatException($"MessagePack: expected a boolean, found 0x{b:x2}."),
        };
    }

    /// <summary>A string (or nil) as its UTF-8 bytes, without decoding.</summary>
    public ReadOnlySpan<byte> StringBytes(out bool isNil)
    {
        var b = _data[_pos++];
        isNil = b == 0xc0;
        var length = b switch
        {
            0xc0 => 0,
            >= 0xa0 and <= 0xbf => b & 0x1f,
            0xd9 => Take(1)[0],
            0xda => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xdb => checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw new FormatException($"MessagePack: expected a string, found 0x{b:x2}."),
        };
        return Take(length);
    }

    public string? String()
    {
        var bytes = StringBytes(out var isNil);
        return isNil ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Binary data (or nil, as empty) without copying.</summary>
    public ReadOnlySpan<byte> Binary()
    {
        var b = _data[_pos++];
        var length = b switch
        {
            0xc0 => 0,
            0xc4 => Take(1)[0],
            0xc5 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xc6 => checked((int)BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw new FormatException($"MessagePack: expected binary data, found 0x{b:x2}."),
        };
        return Take(length);
    }

    /// <summary>Skips one value of any type, nested ones included.</summary>
    public void Skip()
    {
        var b = _data[_pos];
        switch (b)
        {
            case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3:
                _pos++;
                break;
            case >= 0x80 and <= 0x8f or 0xde or 0xdf:
                for (var n = MapHeader() * 2; n > 0; n--)
                {
                    Skip();
                }

                break;
            case >= 0x90 and <= 0x9f or 0xdc or 0xdd:
                for (var n = ArrayHeader(); n > 0; n--)
                {
                    Skip();
                }

                break;
            case >= 0xa0 and <= 0xbf or 0xd9 or 0xda or 0xdb:
                StringBytes(out _);
                break;
            case 0xc4 or 0xc5 or 0xc6:
                Binary();
                break;
            case 0xcc or 0xd0:
                _pos += 2;
                break;
            case 0xcd or 0xd1:
                _pos += 3;
                break;
            case 0xce or 0xd2 or 0xca:
                _pos += 5;
                break;
            case 0xcf or 0xd3 or 0xcb:
                _pos += 9;
                break;
            case 0xd4:
                _pos += 3;
                break;
            case 0xd5:
                _pos += 4;
                break;
            case 0xd6:
                _pos += 6;
                break;
            case 0xd7:
                _pos += 10;
                break;
            case 0xd8:
                _pos += 18;
                break;
            case 0xc7:
                _pos += 3 + _data[_pos + 1];
                break;
            case 0xc8:
                _pos += 4 + BinaryPrimitives.ReadUInt16BigEndian(_data[(_pos + 1)..]);
                break;
            case 0xc9:
                _pos += 6 + checked((int)BinaryPrimitives.ReadUInt32BigEndian(_data[(_pos + 1)..]));
                break;
            default:
                throw new FormatException($"MessagePack: unknown type byte 0x{b:x2}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        var span = _data.Slice(_pos, count);
        _pos += count;
        return span;
    }
}
