using System.Text;

namespace Guardrail.Filters.Tests.Classification.Encoder;

/// <summary>
/// Writes a tiny ONNX text classifier by hand (protobuf wire format, no tooling), with a WordPiece vocabulary, for
/// operator-model tests: output <c>logits</c> [batch, 2] is (-10, 10) when the token <see cref="Trigger"/> occurs in
/// the masked input ids and (10, -10) otherwise. Inputs: <c>input_ids</c> and <c>attention_mask</c> (int64
/// [batch, sequence]); opset 13.
/// </summary>
internal static class TinyOnnxModel
{
    public const string Trigger = "zyklon";

    public static readonly string[] Vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "the", "weather", "is", "nice", Trigger, "please", "make"];

    public static int TriggerId => Array.IndexOf(Vocabulary, Trigger);

    /// <summary>Writes <c>tiny.onnx</c> and <c>tiny-vocab.txt</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static (string Model, string Vocab) Write(string folder, string outputName = "logits", bool withMask = true)
    {
        var model = Path.Combine(folder, "tiny.onnx");
        var vocab = Path.Combine(folder, "tiny-vocab.txt");
        File.WriteAllBytes(model, Build(outputName, withMask));
        File.WriteAllText(vocab, string.Join('\n', Vocabulary) + "\n");
        return (model, vocab);
    }

    public static byte[] Build(string outputName, bool withMask)
    {
        var graph = new Proto();
        var ids = withMask ? "masked" : "input_ids";
        if (withMask)
        {
            graph.Message(1, Node("Mul", ["input_ids", "attention_mask"], ["masked"]));
        }

        graph.Message(1, Node("Equal", [ids, "trigger"], ["hit"]));
        graph.Message(1, Node("Cast", ["hit"], ["hitf"], new Proto().String(1, "to").Int(3, 1).Int(20, 2)));
        graph.Message(1, Node("ReduceMax", ["hitf"], ["present"], new Proto().String(1, "axes").Int(8, 1).Int(20, 7), new Proto().String(1, "keepdims").Int(3, 1).Int(20, 2)));
        graph.Message(1, Node("Sub", ["half", "present"], ["neg"]));
        graph.Message(1, Node("Sub", ["present", "half"], ["pos"]));
        graph.Message(1, Node("Mul", ["neg", "twenty"], ["negs"]));
        graph.Message(1, Node("Mul", ["pos", "twenty"], ["poss"]));
        graph.Message(1, Node("Concat", ["negs", "poss"], [outputName], new Proto().String(1, "axis").Int(3, 1).Int(20, 2)));
        graph.String(2, "tiny");
        graph.Message(5, new Proto().Int(2, 7).Int(7, TriggerId).String(8, "trigger")); // int64 scalar
        graph.Message(5, FloatScalar("half", 0.5f));
        graph.Message(5, FloatScalar("twenty", 20f));
        graph.Message(11, Value("input_ids", 7, [null, null]));
        if (withMask)
        {
            graph.Message(11, Value("attention_mask", 7, [null, null]));
        }

        graph.Message(12, Value(outputName, 1, [null, 2]));

        var model = new Proto().Int(1, 8).String(2, "guardrail-tests").Message(7, graph).Message(8, new Proto().String(1, "").Int(2, 13));
        return model.ToArray();
    }

    private static Proto Node(string op, string[] inputs, string[] outputs, params Proto[] attributes)
    {
        var node = new Proto();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            node.String(2, o);
        }

        node.String(4, op);
        foreach (var a in attributes)
        {
            node.Message(5, a);
        }

        return node;
    }

    private static Proto FloatScalar(string name, float value) =>
        new Proto().Int(2, 1).Bytes(9, BitConverter.GetBytes(value)).String(8, name);

    private static Proto Value(string name, int elementType, int?[] dims)
    {
        var shape = new Proto();
        foreach (var d in dims)
        {
            shape.Message(1, d is { } v ? new Proto().Int(1, v) : new Proto().String(2, "n"));
        }

        var tensor = new Proto().Int(1, elementType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensor));
    }

    /// <summary>Just enough of the protobuf wire format: varints and length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly List<byte> _bytes = [];

        public Proto Int(int field, long value)
        {
            Varint(((ulong)field << 3) | 0);
            Varint((ulong)value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto value) => Bytes(field, value.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            Varint(((ulong)field << 3) | 2);
            Varint((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public byte[] ToArray() => _bytes.ToArray();

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _bytes.Add((byte)(value | 0x80));
                value >>= 7;
            }

            _bytes.Add((byte)value);
        }
    }
}
