namespace Aevlp.PseudoLabeler;

/// <summary>Images done of total for one request, written by the scorer's thread and read by the heartbeat.</summary>
public sealed class JobProgress
{
    private long done, total;

    public long Done => Interlocked.Read(ref done);

    public long Total => Interlocked.Read(ref total);

    public void Start(long images)
    {
        Interlocked.Exchange(ref total, images);
        Interlocked.Exchange(ref done, 0);
    }

    public void Report(long images) => Interlocked.Exchange(ref done, images);
}
