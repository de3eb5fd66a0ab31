import java.awt.*;
import java.awt.image.*;
import java.io.*;
import java.nio.file.*;
import javax.imageio.*;
import javax.imageio.stream.*;
/** Regenerates src-test-data/vision/ from Debian python3-skimage's astronaut.png: java src-test-data/vision/MakeVisionMedia.java src-test-data/vision */
public class MakeVisionMedia {
  static void jpeg(BufferedImage img, Path out, float q) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT); p.setCompressionQuality(q);
    try (ImageOutputStream os = ImageIO.createImageOutputStream(out.toFile())) { w.setOutput(os); w.write(null, new IIOImage(img, null, null), p); }
    w.dispose();
  }
  public static void main(String[] a) throws Exception {
    BufferedImage src = ImageIO.read(new File("/usr/lib/python3/dist-packages/skimage/data/astronaut.png"));
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    rgb.getGraphics().drawImage(src, 0, 0, null);
    BufferedImage face = rgb.getSubimage(142, 31, 168, 168);
    BufferedImage f2 = new BufferedImage(168, 168, BufferedImage.TYPE_3BYTE_BGR); f2.getGraphics().drawImage(face, 0, 0, null);
    jpeg(f2, Path.of(a[0], "astronaut-face.jpg"), 0.92f);
    BufferedImage small = new BufferedImage(320, 320, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = small.createGraphics(); g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.drawImage(rgb, 0, 0, 320, 320, null); g.dispose();
    jpeg(small, Path.of(a[0], "astronaut.jpg"), 0.88f);
  }
}
