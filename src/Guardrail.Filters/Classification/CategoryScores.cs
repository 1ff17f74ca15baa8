using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Guardrail.Filters.Classification;

/// <summary>
/// Scores in [0, 1] per policy category (for example <c>cbrn.chemical</c>). Absent categories score 0.
/// </summary>
public sealed class CategoryScores
{
    // A policy names a handful of categories (four shipped) and a screen builds several tables per request: a short
    // array searched in order is cheaper to fill, read and allocate than a dictionary (one array, not three objects).
    // Entries keep their insertion order, as the dictionary this replaces enumerated them.
    private Entry[] _entries = [];
    private int _count;
    private View? _view;

    /// <summary>The shared empty set of failed results; never raised (a classifier returns its own instance).</summary>
    internal static CategoryScores Empty { get; } = new();

    /// <summary>The categories raised so far, by name (a category not in it scores 0).</summary>
    public IReadOnlyDictionary<string, double> Values => _view ??= new View(this);

    /// <summary>The score of <paramref name="category"/>, 0 when it was not raised.</summary>
    /// <param name="category">A policy category name such as <c>cbrn.chemical</c>.</param>
    public double this[string category] => IndexOf(category) is var i and >= 0 ? _entries[i].Score : 0d;

    /// <summary>Raises the score of <paramref name="category"/> to <paramref name="score"/> if it is higher (scores combine by maximum).</summary>
    /// <param name="category">A policy category name such as <c>cbrn.chemical</c>; categories the policy does not name are ignored by it.</param>
    /// <param name="score">The score, clamped to [0, 1].</param>
    public void Raise(string category, double score)
    {
        ArgumentNullException.ThrowIfNull(category);
        var i = IndexOf(category);
        if (i < 0)
        {
            Add(category, Math.Clamp(score, 0d, 1d));
        }
        else if (score > _entries[i].Score)
        {
            _entries[i].Score = Math.Clamp(score, 0d, 1d);
        }
    }

    /// <summary>Raises every category of <paramref name="other"/> whose score is at least <paramref name="floor"/>; the others to 0.</summary>
    internal void RaiseAtLeast(CategoryScores other, double floor)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other._count; i++)
        {
            var (category, score) = (other._entries[i].Category, other._entries[i].Score);
            Raise(category, score >= floor ? score : 0d);
        }
    }

    /// <summary>Forgets every score, keeping the storage: a screen reuses one instance for all its readings.</summary>
    internal void Reset()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    /// <summary>Raises every category of <paramref name="other"/> by its score times <paramref name="factor"/>.</summary>
    internal void RaiseScaled(CategoryScores other, double factor)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other._count; i++)
        {
            Raise(other._entries[i].Category, other._entries[i].Score * factor);
        }
    }

    internal void RaiseAll(CategoryScores other)
    {
        for (var i = 0; i < other._count; i++)
        {
            Raise(other._entries[i].Category, other._entries[i].Score);
        }
    }

    /// <summary>The highest score of any category, 0 when none was raised.</summary>
    internal double Max()
    {
        var max = 0d;
        for (var i = 0; i < _count; i++)
        {
            max = Math.Max(max, _entries[i].Score);
        }

        return max;
    }

    private int IndexOf(string category)
    {
        var entries = _entries;
        for (var i = 0; i < _count; i++)
        {
            // Category names are the policy's own string instances nearly always: the reference test settles most.
            if (ReferenceEquals(entries[i].Category, category) || string.Equals(entries[i].Category, category, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void Add(string category, double score)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(4, _count * 2));
        }

        _entries[_count++] = new Entry { Category = category, Score = score };
    }

    private struct Entry
    {
        public string Category;
        public double Score;
    }

    /// <summary>The read-only dictionary view of <see cref="Values"/>, made once per table on first use.</summary>
    private sealed class View(CategoryScores owner) : IReadOnlyDictionary<string, double>
    {
        public double this[string key] => owner.IndexOf(key) is var i and >= 0 ? owner._entries[i].Score : throw new KeyNotFoundException($"The category '{key}' was not raised.");

        public IEnumerable<string> Keys => this.Select(pair => pair.Key);

        IEnumerable<double> IReadOnlyDictionary<string, double>.Values => this.Select(pair => pair.Value);

        public int Count => owner._count;

        public bool ContainsKey(string key) => owner.IndexOf(key) >= 0;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
        {
            var i = owner.IndexOf(key);
            value = i >= 0 ? owner._entries[i].Score : 0d;
            return i >= 0;
        }

        public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
        {
            for (var i = 0; i < owner._count; i++)
            {
                yield return new(owner._entries[i].Category, owner._entries[i].Score);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
