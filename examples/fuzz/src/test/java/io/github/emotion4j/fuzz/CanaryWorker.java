package io.github.emotion4j.fuzz;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A stand-in worker whose behaviour is named by the input file: result, typed, untyped, hang or crash. */
public final class CanaryWorker {
    private CanaryWorker() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String id = line.substring(0, line.indexOf('\t'));
            String name = line.substring(line.lastIndexOf('/') + 1);
            if (name.startsWith("crash")) {
                Runtime.getRuntime().halt(134);
            } else if (name.startsWith("hang")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            String outcome = name.startsWith("untyped") ? "UNTYPED\tjava.lang.IllegalArgumentException: canary"
                    : name.startsWith("typed") ? "TYPED\tMediaDecodeException" : "RESULT\tneutral";
            System.out.println("OUT\t" + id + "\t" + outcome);
            System.out.flush();
        }
    }
}
