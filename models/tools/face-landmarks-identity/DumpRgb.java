import java.awt.image.BufferedImage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Writes an image's pixels as raw RGB bytes, row by row, decoded by Java's ImageIO (the decoder
 * the emotion4j tests use), so face-api.js on Node (reference.js) sees exactly the same pixels.
 * Usage: {@code java DumpRgb.java in.jpg out.rgb} (prints WIDTH HEIGHT).
 */
public class DumpRgb {
    public static void main(String[] args) throws IOException {
        BufferedImage img = ImageIO.read(new java.io.File(args[0]));
        try (OutputStream out = new FileOutputStream(args[1])) {
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y);
                    out.write(rgb >> 16 & 0xff);
                    out.write(rgb >> 8 & 0xff);
                    out.write(rgb & 0xff);
                }
            }
        }
        System.out.println(img.getWidth() + " " + img.getHeight());
    }
}
