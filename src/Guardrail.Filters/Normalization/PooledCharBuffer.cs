using System.Buffers;

namespace Guardrail.Filters.Normalization;

/// <summary>
/// A growable character buffer backed by <see cref="ArrayPool{T}"/>, so the per-request passes reuse memory instead of
/// allocating intermediate strings. Must be disposed (use <c>using</c>) to hand the array back to the pool.
/// </summary>
internal ref struct PooledCharBuffer
{
    private char[]? _array;
    private int _length;

    public PooledCharBuffer(int capacity)
    {
        _array = ArrayPool<char>.Shared.Rent(Math.Max(capacity, 16));
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Span => _array is null ? [] : _array.AsSpan(0, _length);

    public void Append(char c)
    {
        if (_array is null || _length == _array.Length)
        {
            Grow(1);
        }

        _array![_length++] = c;
    }

    public void Append(ReadOnlySpan<char> chars)
    {
        if (_array is null || _array.Length - _length < chars.Length)
        {
            Grow(chars.Length);
        }

        chars.CopyTo(_array.AsSpan(_length));
        _length += chars.Length;
    }

    public readonly override string ToString() => new(Span);

    public void Dispose()
    {
        var array = _array;
        _array = null;
        _length = 0;
        if (array is not null)
        {
            ArrayPool<char>.Shared.Return(array);
        }
    }

    private void Grow(int additional)
    {
        var newSize = Math.Max(Math.Max(_length + additional, 16), (_array?.Length ?? 0) * 2);
        var next = ArrayPool<char>.Shared.Rent(newSize);
        if (_array is not null)
        {
            _array.AsSpan(0, _length).CopyTo(next);
            ArrayPool<char>.Shared.Return(_array);
        }

        _array = next;
    }
}
