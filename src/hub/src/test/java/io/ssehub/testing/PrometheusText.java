package io.ssehub.testing;

/** Reading the hub's {@code /metrics} answer (Prometheus text) in tests. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of {@code series} (name and labels, as written) in {@code scrape}; 0 when it is not there yet. */
    public static double value(String scrape, String series) {
        return scrape.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }
}
