package io.sparring.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

class AnimatedGifTest {
  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private static BufferedImage filled(Color color) {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, 40, 30);
    g.dispose();
    return image;
  }

  @Test
  void threeFramesReadBackWithTheirSizeDelayColoursAndLoop(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("three.gif");
    List<Color> colours = List.of(Color.RED, Color.GREEN, Color.BLUE);
    try (AnimatedGif gif = new AnimatedGif(file, Duration.ofMillis(70))) {
      for (Color colour : colours) {
        gif.add(filled(colour));
      }
      assertEquals(3, gif.frames());
    }

    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      reader.setInput(in);
      assertEquals(3, reader.getNumImages(true));
      for (int i = 0; i < 3; i++) {
        assertEquals(40, reader.getWidth(i));
        assertEquals(30, reader.getHeight(i));
        assertEquals(colours.get(i).getRGB(), reader.read(i).getRGB(20, 15), "frame " + i);
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree(FORMAT);
        IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        assertEquals("7", control.getAttribute("delayTime"), "70 ms in hundredths of a second");
      }
      IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree(FORMAT);
      Node loop = first.getElementsByTagName("ApplicationExtension").item(0);
      assertEquals("NETSCAPE", ((IIOMetadataNode) loop).getAttribute("applicationID"));
      assertEquals("2.0", ((IIOMetadataNode) loop).getAttribute("authenticationCode"));
      assertArrayEquals(new byte[] {1, 0, 0}, (byte[]) ((IIOMetadataNode) loop).getUserObject(), "loop forever");
    } finally {
      reader.dispose();
    }
  }

  @Test
  void framesOfAnotherSizeOrDelaysGifCannotShowAreRefused(@TempDir Path dir) throws Exception {
    try (AnimatedGif gif = new AnimatedGif(dir.resolve("sizes.gif"), Duration.ofMillis(100))) {
      gif.add(filled(Color.RED));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> gif.add(new BufferedImage(41, 30, BufferedImage.TYPE_INT_RGB)));
      assertTrue(e.getMessage().contains("40x30 like the first, got 41x30"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new AnimatedGif(dir.resolve("fast.gif"), Duration.ofMillis(4)));
  }
}
