namespace Guardrail.Filters.Classification.Encoder;

/// <summary>
/// A model that is loading or loaded in the background. Requests await <see cref="WaitAsync"/> under their own
/// deadline, so a request that arrives before the model is ready fails closed instead of blocking a thread.
/// </summary>
internal sealed class ModelHandle
{
    private readonly Task<(OnnxTextModel? Model, string? Error)> _loading;

    public ModelHandle(ModelSpec spec, Task<(OnnxTextModel? Model, string? Error)> loading)
    {
        Spec = spec;
        _loading = loading;
    }

    public ModelSpec Spec { get; }

    /// <summary>True once loading finished, successfully or not.</summary>
    public bool IsCompleted => _loading.IsCompleted;

    /// <summary>True once the model is loaded and usable.</summary>
    public bool IsLoaded => _loading.IsCompletedSuccessfully && _loading.Result.Model is not null;

    /// <summary>Why the model could not be loaded, once loading has failed; otherwise null.</summary>
    public string? Error => _loading.IsCompletedSuccessfully ? _loading.Result.Error : _loading.IsFaulted ? _loading.Exception?.GetBaseException().Message : null;

    /// <summary>Waits for the model (the caller's token carries its deadline).</summary>
    public async ValueTask<(OnnxTextModel? Model, string? Error)> WaitAsync(CancellationToken cancellationToken)
    {
        if (_loading.IsCompletedSuccessfully)
        {
            return _loading.Result;
        }

        try
        {
            return await _loading.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"model {Spec.Source} failed to load: {ex.GetBaseException().Message}");
        }
    }

    /// <summary>Blocks until loading finishes (policy validation of operator models, never a request).</summary>
    public (OnnxTextModel? Model, string? Error) WaitForLoad()
    {
        try
        {
            return _loading.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"model {Spec.Source} failed to load: {ex.GetBaseException().Message}");
        }
    }
}
