using Guardrail.Filters.Streaming;

namespace Guardrail.Filters.Tests.Streaming;

public sealed class StreamWindowsTests
{
    private static StreamDelta Delta(StreamDeltaKind kind, int index, string text, int subIndex = 0) => new(kind, index, subIndex, text.AsMemory());

    private static List<string> Round(StreamWindows windows)
    {
        var texts = new List<string>();
        while (windows.NextWindow(out _) is { } text)
        {
            texts.Add(text);
        }

        return texts;
    }

    [Fact]
    public void InterleavedChoices_EachReadWholeInItsOwnWindow()
    {
        var windows = new StreamWindows(512, 32, 16);
        foreach (var (index, piece) in new[] { (0, "ma"), (1, "Par"), (0, "ke sa"), (1, "is is"), (0, "rin") })
        {
            windows.BeginEvent();
            Assert.True(windows.Append(Delta(StreamDeltaKind.Text, index, piece)));
        }

        Assert.Equal(["make sarin", "Paris is"], Round(windows));
    }

    [Fact]
    public void OtherStringRepeatingAnOutputsWholeText_NotJudgedAgain()
    {
        var windows = new StreamWindows(512, 32, 16);
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Text, 0, "Paris is "));
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Text, 0, "the capital."));
        _ = Round(windows);

        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Other, 0, "Paris is the capital.", subIndex: 7));
        windows.Append(Delta(StreamDeltaKind.Other, 0, "resp_1", subIndex: 8));
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Other, 0, "resp_1", subIndex: 8));

        Assert.Equal(["resp_1"], Round(windows));
    }

    [Fact]
    public void OtherStringDifferingFromTheStreamedText_Judged()
    {
        var windows = new StreamWindows(512, 32, 16);
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Text, 0, "Paris is the capital."));
        _ = Round(windows);

        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Other, 0, "Something else entirely.", subIndex: 7));

        Assert.Equal(["Something else entirely."], Round(windows));
    }

    [Fact]
    public void OtherStringsOfOneEventOnOnePath_KeptApartAsAList()
    {
        var windows = new StreamWindows(512, 32, 16);
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Other, 0, "first title", subIndex: 5));
        windows.Append(Delta(StreamDeltaKind.Other, 0, "second title", subIndex: 5));
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Other, 0, " continued", subIndex: 5));

        Assert.Equal(["first title\nsecond title continued"], Round(windows));
    }

    [Fact]
    public void OtherStrings_NeverCallARoundAlone()
    {
        var windows = new StreamWindows(512, 8, 16);
        windows.BeginEvent();
        windows.Append(Delta(StreamDeltaKind.Other, 0, "a long model name or id string", subIndex: 3));
        Assert.False(windows.StepReached);

        windows.Append(Delta(StreamDeltaKind.Text, 0, "eight ch"));
        Assert.True(windows.StepReached);
    }

    [Fact]
    public void MoreParallelOutputsThanTheCap_Refused()
    {
        var windows = new StreamWindows(512, 32, 3);
        windows.BeginEvent();

        Assert.True(windows.Append(Delta(StreamDeltaKind.Text, 0, "a")));
        Assert.True(windows.Append(Delta(StreamDeltaKind.Text, 1, "b")));
        Assert.True(windows.Append(Delta(StreamDeltaKind.ToolArguments, 1, "c")));
        Assert.False(windows.Append(Delta(StreamDeltaKind.Text, 2, "d")));
        Assert.True(windows.Append(Delta(StreamDeltaKind.Text, 1, "e")));
    }
}
