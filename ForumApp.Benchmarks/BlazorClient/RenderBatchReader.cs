using System.Buffers.Binary;
using System.Text;

namespace ForumApp.Benchmarks.BlazorClient;

/// <summary>
/// Reads a render batch in the out-of-process format RenderBatchWriter produces (what blazor.web.js's
/// OutOfProcessRenderBatch reads): little-endian int32s; the last five give the offsets of the updated
/// components, reference frames, disposed component ids, disposed event handler ids and the string table.
/// A diff is [componentId][edit count][edits of 4 int32: type, sibling index, frame index, removed
/// attribute name]; a frame is 20 bytes starting with its type; strings are LEB128-length-prefixed UTF-8.
/// Nothing is decoded to text unless asked: element ids and attribute names are compared as bytes.
/// </summary>
internal readonly ref struct RenderBatchReader
{
    private const int EditLength = 16;
    private const int FrameLength = 20;

    // RenderTreeEditType and RenderTreeFrameType values used here.
    private const int PrependFrame = 1;
    private const int SetAttribute = 3;
    private const int ElementFrame = 1;
    private const int AttributeFrame = 3;
    private const int ComponentFrame = 4;
    private const int RegionFrame = 5;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _updatedComponents;
    private readonly int _referenceFrames;
    private readonly int _stringTable;

    public RenderBatchReader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20)
        {
            throw new FormatException("A render batch ends with five int32 offsets.");
        }

        _data = data;
        _updatedComponents = Int(data.Length - 20);
        _referenceFrames = Int(data.Length - 16);
        _stringTable = Int(data.Length - 4);
    }

    public int UpdatedComponentCount => Int(_updatedComponents);

    public int ReferenceFrameCount => Int(_referenceFrames);

    /// <summary>Entries of the string table (it runs from its offset to the five trailing int32s).</summary>
    public int StringCount => (_data.Length - 20 - _stringTable) / 4;

    /// <summary>True when any string of the batch contains <paramref name="utf8"/> (a byte search, no decoding).</summary>
    public bool Contains(ReadOnlySpan<byte> utf8) => _data[.._stringTable].IndexOf(utf8) >= 0;

    public ReadOnlySpan<byte> StringBytes(int index)
    {
        if (index < 0)
        {
            return default;
        }

        var position = Int(_stringTable + (index * 4));
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = _data[position++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        return _data.Slice(position, length);
    }

    public string? String(int index) => index < 0 ? null : Encoding.UTF8.GetString(StringBytes(index));

    public List<string> AllStrings()
    {
        var strings = new List<string>(StringCount);
        for (var i = 0; i < StringCount; i++)
        {
            strings.Add(String(i)!);
        }

        return strings;
    }

    /// <summary>
    /// Walks every inserted frame (PrependFrame edits, with their subtrees) and every SetAttribute edit:
    /// adds the number N of each element attribute <c>id="cN"</c> to <paramref name="commentIds"/>, and
    /// reports whether <c>data-interactive="true"</c> was set (the app's interactivity marker).
    /// </summary>
    public void FindInserted(List<long> commentIds, out bool interactive)
    {
        interactive = false;
        var frames = _referenceFrames + 4;
        var frameCount = ReferenceFrameCount;
        var diffCount = UpdatedComponentCount;
        for (var d = 0; d < diffCount; d++)
        {
            var diff = Int(_updatedComponents + 4 + (d * 4));
            var editCount = Int(diff + 4);
            for (var e = 0; e < editCount; e++)
            {
                var edit = diff + 8 + (e * EditLength);
                var type = Int(edit);
                var frameIndex = Int(edit + 8);
                if ((type != PrependFrame && type != SetAttribute) || (uint)frameIndex >= (uint)frameCount)
                {
                    continue;
                }

                var first = frames + (frameIndex * FrameLength);
                var frameType = Int(first);
                var span = frameType is ElementFrame or ComponentFrame or RegionFrame ? Math.Max(1, Int(first + 4)) : 1;
                var end = Math.Min(frameCount, frameIndex + span);
                for (var f = frameIndex; f < end; f++)
                {
                    var frame = frames + (f * FrameLength);
                    if (Int(frame) != AttributeFrame)
                    {
                        continue;
                    }

                    var name = StringBytes(Int(frame + 4));
                    if (name.SequenceEqual("id"u8))
                    {
                        if (TryCommentId(StringBytes(Int(frame + 8)), out var id))
                        {
                            commentIds.Add(id);
                        }
                    }
                    else if (name.SequenceEqual("data-interactive"u8) && StringBytes(Int(frame + 8)).SequenceEqual("true"u8))
                    {
                        interactive = true;
                    }
                }
            }
        }
    }

    private static bool TryCommentId(ReadOnlySpan<byte> value, out long id)
    {
        id = 0;
        if (value.Length < 2 || value.Length > 19 || value[0] != (byte)'c')
        {
            return false;
        }

        foreach (var b in value[1..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            id = (id * 10) + (b - '0');
        }

        return true;
    }

    private int Int(int position) => BinaryPrimitives.ReadInt32LittleEndian(_data[position..]);
}
