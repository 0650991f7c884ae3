package dev.sessionfarm.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * How each store's cost grows with session size, as a PNG: operations per second above, bytes on the wire per
 * operation below, both against the session's size, all axes logarithmic (sizes step by ten).
 */
public final class GrowthChart
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

    private GrowthChart()
    {
    }

    /** Draws the points measured at {@code callers} callers; returns false when there are none. */
    public static boolean draw(List<GrowthPoint> points, int callers, Path png) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> throughput = new LinkedHashMap<>();
        Map<String, XYSeries> bytes = new LinkedHashMap<>();
        for (GrowthPoint point : points)
        {
            if (point.callers() != callers)
                continue;
            double kilobytes = point.sessionBytes() / 1024.0;
            throughput.computeIfAbsent(point.series(), XYSeries::new).add(kilobytes, point.opsPerSecond());
            if (point.bytesPerOperation() > 0)
                bytes.computeIfAbsent(point.series(), XYSeries::new).add(kilobytes, point.bytesPerOperation());
        }
        if (throughput.isEmpty())
            return false;
        List<String> names = List.copyOf(throughput.keySet());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(logAxis("session size (KB, attribute bytes)"));
        plot.setGap(12);
        plot.add(subplot(throughput, names, "form steps/s (" + callers + " callers)", true), 1);
        plot.add(subplot(bytes, names, "bytes on the wire per form step", false), 1);
        JFreeChart chart =
            new JFreeChart("session-farm: how cost grows with session size", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        return true;
    }

    /**
     * One panel. A series keeps its colour in both panels (by its place in {@code names}); ours are drawn solid,
     * the peers (every second series) dashed. Only the first panel's series go into the legend.
     */
    private static XYPlot subplot(Map<String, XYSeries> series, List<String> names, String label, boolean legend)
    {
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++)
        {
            int place = names.indexOf(String.valueOf(data.getSeriesKey(i)));
            renderer.setSeriesPaint(i, PALETTE[Math.max(0, place) % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                place % 2 == 0 ? null : new float[] {6f, 4f}, 0f));
            renderer.setSeriesVisibleInLegend(i, legend);
        }
        XYPlot plot = new XYPlot(data, null, logAxis(label), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    /** Decades, labelled with plain numbers rather than powers of ten. */
    private static LogAxis logAxis(String label)
    {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setSmallestValue(0.1);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        return axis;
    }
}
