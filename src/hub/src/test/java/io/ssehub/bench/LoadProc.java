package io.ssehub.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Linux's /proc tells about a process: CPU time, resident memory, open-file limit; and jcmd heap figures. */
final class LoadProc {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100

    private LoadProc() {
    }

    /**
     * CPU time of a process at one instant, two ways, and how much of the first the kernel spent on its
     * behalf ({@code stime}: its system calls, and on loopback the TCP work of the peer it writes to).
     */
    record Cpu(long ticksNs, long kernelTicksNs, long schedNs) {

        /** The kernel's share of the CPU time from {@code before} to this sample, by ticks; NaN if none. */
        double kernelShareSince(Cpu before) {
            long ticks = ticksNs - before.ticksNs;
            return ticksNs < 0 || before.ticksNs < 0 || ticks <= 0 ? Double.NaN
                    : (double) (kernelTicksNs - before.kernelTicksNs) / ticks;
        }

        /**
         * CPU seconds from {@code before} to this sample. The per-thread schedstat sum is exact to the
         * nanosecond but forgets threads that exited; utime+stime keeps them but counts in 10 ms ticks.
         * The schedstat figure is used unless it falls short of the tick figure by more than the ticks'
         * own error, which means threads exited in between.
         */
        double secondsSince(Cpu before) {
            double ticks = (ticksNs - before.ticksNs) / 1e9;
            if (schedNs < 0 || before.schedNs < 0) {
                return ticks;
            }
            double sched = (schedNs - before.schedNs) / 1e9;
            return sched < ticks - 0.03 - 0.03 * ticks ? ticks : sched;
        }
    }

    /** utime + stime and stime from /proc/pid/stat (10 ms resolution; -1 each if unreadable), and the schedstat sum. */
    static Cpu cpu(long pid) {
        long ticks = -1;
        long kernelTicks = -1;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            kernelTicks = Long.parseLong(fields[12]) * NANOS_PER_TICK;
            ticks = Long.parseLong(fields[11]) * NANOS_PER_TICK + kernelTicks;
        } catch (IOException | RuntimeException e) {
            // unreadable: both stay -1
        }
        return new Cpu(ticks, kernelTicks, schedNs(pid));
    }

    /** Sum of the first field of /proc/pid/task/{@literal *}/schedstat (time on CPU, ns) over live threads; -1 if unreadable. */
    static long schedNs(long pid) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String s = Files.readString(task.resolve("schedstat"));
                    int space = s.indexOf(' ');
                    sum += Long.parseLong(space < 0 ? s.trim() : s.substring(0, space));
                } catch (IOException | RuntimeException e) {
                    // the thread exited while we listed: its time is lost either way
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS of the process in KiB, -1 if unreadable. */
    static long rssKb(long pid) {
        return statusKb(pid, "VmRSS:");
    }

    private static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key)) {
                    String digits = line.substring(key.length()).trim();
                    int space = digits.indexOf(' ');
                    return Long.parseLong(space < 0 ? digits : digits.substring(0, space));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc/" + pid + "/stat"));
    }

    /** "soft/hard" open-file limit of this process, from /proc/self/limits. */
    static String openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[0] + " soft / " + parts[1] + " hard";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }

    /** Soft open-file limit, or -1 when unknown. */
    static long openFileSoftLimit() {
        String limit = openFileLimit();
        try {
            return limit.startsWith("unlimited") ? Long.MAX_VALUE : Long.parseLong(limit.substring(0, limit.indexOf(' ')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /**
     * Runs {@code jcmd pid GC.run}, then {@code jcmd pid GC.heap_info}, and returns the used heap in KiB
     * (the sum over the heap's "total ..., used ...K" lines, Metaspace excluded); -1 if the pid is not a
     * JVM we can attach to.
     */
    static long heapUsedKbAfterGc(long pid) {
        List<String> gc = jcmd(pid, "GC.run");
        if (gc == null) {
            return -1;
        }
        List<String> info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        long used = 0;
        boolean found = false;
        for (String line : info) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space") || !trimmed.contains("total")) {
                continue;
            }
            Matcher m = USED.matcher(trimmed);
            if (m.find()) {
                used += Long.parseLong(m.group(1));
                found = true;
            }
        }
        return found ? used : -1;
    }

    private static List<String> jcmd(long pid, String command) {
        String jcmd = ProcessHandle.current().info().command()
                .map(java -> Path.of(java).resolveSibling("jcmd"))
                .filter(Files::isExecutable).map(Path::toString).orElse("jcmd");
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (var reader = p.inputReader()) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? lines : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
