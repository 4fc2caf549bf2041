package io.sparring.cli;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An animated GIF written frame by frame with the JDK's GIF writer, looping forever. Each frame is
 * written when it is added, so no more than one is held; frames are drawn onto the fixed 256-colour
 * palette of {@link BufferedImage#TYPE_BYTE_INDEXED} (a colour cube and greys) and must all be the
 * size of the first.
 */
final class AnimatedGif implements Closeable {
  private static final String FORMAT = "javax_imageio_gif_image_1.0";

  private final OutputStream file;
  private final ImageOutputStream out;
  private final ImageWriter writer;
  private final int delayCentiseconds;
  private int frames;
  private int width;
  private int height;

  /**
   * Creates (or replaces) {@code path}; every frame shows for {@code delay}, which GIF counts in
   * hundredths of a second.
   */
  AnimatedGif(Path path, Duration delay) throws IOException {
    long centiseconds = Math.round(delay.toMillis() / 10.0);
    checkArgument(centiseconds >= 1 && centiseconds <= 0xffff,
        "a GIF frame shows for 10 ms to 655 s, got %s ms", delay.toMillis());
    this.delayCentiseconds = (int) centiseconds;
    this.writer = ImageIO.getImageWritersByFormatName("gif").next();
    this.file = new BufferedOutputStream(Files.newOutputStream(path));
    this.out = new MemoryCacheImageOutputStream(file);
    writer.setOutput(out);
    writer.prepareWriteSequence(null);
  }

  /** Writes the next frame. */
  void add(BufferedImage frame) throws IOException {
    if (frames == 0) {
      width = frame.getWidth();
      height = frame.getHeight();
    }
    checkArgument(frame.getWidth() == width && frame.getHeight() == height,
        "every frame must be %sx%s like the first, got %sx%s", width, height, frame.getWidth(), frame.getHeight());
    BufferedImage indexed = indexed(frame);
    writer.writeToSequence(new IIOImage(indexed, null, metadata(indexed, frames == 0)), null);
    out.flush(); // hands the frame's bytes to the file rather than keeping them in the cache
    frames++;
  }

  int frames() {
    return frames;
  }

  /** Ends the GIF. */
  @Override
  public void close() throws IOException {
    try (file; out) {
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }

  private static BufferedImage indexed(BufferedImage frame) {
    if (frame.getType() == BufferedImage.TYPE_BYTE_INDEXED) {
      return frame;
    }
    BufferedImage indexed = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    Graphics2D g = indexed.createGraphics();
    try {
      g.drawImage(frame, 0, 0, null);
    } finally {
      g.dispose();
    }
    return indexed;
  }

  /** The frame's delay and, on the first, the NETSCAPE2.0 extension that loops forever. */
  private IIOMetadata metadata(BufferedImage frame, boolean first) throws IOException {
    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
    IIOMetadataNode root = new IIOMetadataNode(FORMAT);
    IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", String.valueOf(delayCentiseconds));
    control.setAttribute("transparentColorIndex", "0");
    root.appendChild(control);
    if (first) {
      IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
      loop.setAttribute("applicationID", "NETSCAPE");
      loop.setAttribute("authenticationCode", "2.0");
      loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0, forever
      IIOMetadataNode extensions = new IIOMetadataNode("ApplicationExtensions");
      extensions.appendChild(loop);
      root.appendChild(extensions);
    }
    metadata.mergeTree(FORMAT, root);
    return metadata;
  }
}
