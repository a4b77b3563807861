package io.inferenceperf.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a {@link Figure} into a PNG with JFreeChart, without a display: each panel is a JFreeChart XY line chart
 * of {@link #PANEL_WIDTH} by {@link #PANEL_HEIGHT} pixels, side by side under the figure's title.
 */
public final class PngRenderer {
  public static final int PANEL_WIDTH = 520;
  public static final int PANEL_HEIGHT = 420;
  public static final int TITLE_HEIGHT = 44;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

  static {
    // Charts are drawn into images only; never look for a display (servers, containers, CI).
    System.setProperty("java.awt.headless", "true");
  }

  private PngRenderer() {}

  /** Writes the figure into {@code folder/fileName} and returns the file. */
  public static Path write(Figure figure, Path folder) throws IOException {
    BufferedImage image = render(figure);
    Path file = folder.resolve(figure.fileName());
    Files.createDirectories(folder);
    if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer in this JDK");
    return file;
  }

  public static BufferedImage render(Figure figure) {
    int panels = Math.max(1, figure.panels().size());
    BufferedImage image = new BufferedImage(panels * PANEL_WIDTH, TITLE_HEIGHT + PANEL_HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      drawTitle(g, figure.title(), image.getWidth());
      for (int i = 0; i < figure.panels().size(); i++) {
        chart(figure.panels().get(i)).draw(g,
            new Rectangle2D.Double(i * PANEL_WIDTH, TITLE_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawTitle(Graphics2D g, String title, int width) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
    FontMetrics metrics = g.getFontMetrics();
    g.drawString(title, (width - metrics.stringWidth(title)) / 2, (TITLE_HEIGHT + metrics.getAscent()) / 2);
  }

  static JFreeChart chart(Panel panel) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (Series series : panel.series()) {
      XYSeries xy = new XYSeries(series.name(), false, true);
      series.points().forEach(p -> xy.add(p.x(), p.y()));
      dataset.addSeries(xy);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(null, panel.xLabel(), panel.yLabel(), dataset,
        PlotOrientation.VERTICAL, panel.series().size() > 1, false, false);
    chart.setTitle(new TextTitle(panel.title(), new Font(Font.SANS_SERIF, Font.BOLD, 14)));
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < panel.series().size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, panel.series().get(i).dashed()
          ? new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2.5f));
    }
    plot.setRenderer(renderer);
    return chart;
  }
}
