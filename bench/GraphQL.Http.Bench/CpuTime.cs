namespace Es.GraphQL.Http.Bench;

/// <summary>
/// CPU time read from /proc, in clock ticks (USER_HZ, 100 a second on Linux): of a process and its
/// children (a server, with Node's cluster workers), of this process's reaped children (wrk), and
/// of the whole machine, so a run can tell what else was using the cores while it measured.
/// </summary>
internal static class CpuTime
{
    public const double TicksPerSecond = 100;

    /// <summary>User + system time of <paramref name="pid"/> and of the live processes it started.</summary>
    public static long OfTree(int pid)
    {
        long total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
            var fields = Fields(id);
            if (fields is null) continue;
            if (id == pid || int.Parse(fields[1]) == pid) total += long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        return total;
    }

    /// <summary>User + system time of this process's children that have exited and been waited for.</summary>
    public static long OfReapedChildren()
    {
        var fields = Fields(Environment.ProcessId)!;
        return long.Parse(fields[13]) + long.Parse(fields[14]);
    }

    /// <summary>Busy time of all cores together (everything but idle and iowait).</summary>
    public static long OfMachine()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return cpu.Take(8).Sum() - cpu[3] - cpu[4];
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    // The fields of /proc/PID/stat after the command name (which may hold spaces): [0] is the state,
    // [1] the parent, [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
