namespace Reconciler.Worker.Hosting;

/// <summary>A configuration the worker can't run with, said in the operator's terms (which key to set).</summary>
public sealed class WorkerSetupException(string message, Exception? inner = null) : Exception(message, inner);
