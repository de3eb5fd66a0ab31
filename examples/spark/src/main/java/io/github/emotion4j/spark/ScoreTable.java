package io.github.emotion4j.spark;

import io.github.emotion4j.core.EmotionPrediction;
import io.github.emotion4j.writers.CsvWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output table: {@link CsvWriter#HEADER}'s columns, in its order, then {@code error}.
 *
 * <p>Typed for Parquet: {@code start}, {@code end}, {@code topProbability}, the label columns and
 * {@code valence}, {@code arousal}, {@code dominance} are doubles, {@code person} an int, {@code evidence} a
 * boolean, the rest strings; a cell the CSV writer leaves empty is {@code null}. A scored input has the CSV
 * writer's rows ({@link CsvWriter#rows}) with {@code error} null; an input that could not be scored has one
 * row with {@code file}, {@code evidence = false} and {@code error} ("{@code ExceptionClass: message}").
 */
public final class ScoreTable {
    /** The name of the column that holds why an input failed. */
    public static final String ERROR = "error";

    private static final Set<String> STRINGS = Set.of("file", "modality", "box", "top", "warnings");
    private static final Set<String> SECONDS = Set.of("start", "end");

    /** The output schema. */
    public static final StructType SCHEMA = schema();

    private ScoreTable() {
    }

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (String name : CsvWriter.HEADER) {
            fields.add(DataTypes.createStructField(name, type(name), !name.equals("file")));
        }
        fields.add(DataTypes.createStructField(ERROR, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    private static DataType type(String column) {
        if (STRINGS.contains(column)) {
            return DataTypes.StringType;
        } else if (column.equals("person")) {
            return DataTypes.IntegerType;
        } else if (column.equals("evidence")) {
            return DataTypes.BooleanType;
        }
        return DataTypes.DoubleType;
    }

    /** The rows of one scored input. */
    public static List<Row> rows(String file, EmotionPrediction prediction) {
        List<Row> out = new ArrayList<>();
        for (List<String> cells : CsvWriter.rows(file, prediction)) {
            out.add(row(cells));
        }
        return out;
    }

    /** The one row of an input that could not be scored. */
    public static Row error(String file, Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return error(file, cause.getClass().getSimpleName() + message);
    }

    /** The one row of an input that could not be scored, with the reason given. */
    public static Row error(String file, String reason) {
        Object[] values = new Object[SCHEMA.size()];
        values[0] = file == null ? "" : file;
        values[SCHEMA.fieldIndex("evidence")] = Boolean.FALSE;
        values[values.length - 1] = Objects.requireNonNull(reason, "reason");
        return RowFactory.create(values);
    }

    private static Row row(List<String> cells) {
        if (cells.size() != CsvWriter.HEADER.size()) {
            throw new IllegalStateException("CSV row has " + cells.size() + " cells, header " + CsvWriter.HEADER.size());
        }
        Object[] values = new Object[SCHEMA.size()];
        for (int i = 0; i < cells.size(); i++) {
            values[i] = value(SCHEMA.fields()[i].dataType(), cells.get(i), i == 0);
        }
        return RowFactory.create(values);
    }

    private static Object value(DataType type, String cell, boolean keepEmpty) {
        if (cell.isEmpty()) {
            return keepEmpty ? cell : null;
        } else if (type.equals(DataTypes.DoubleType)) {
            return Double.valueOf(cell);
        } else if (type.equals(DataTypes.IntegerType)) {
            return Integer.valueOf(cell);
        } else if (type.equals(DataTypes.BooleanType)) {
            return Boolean.valueOf(cell);
        }
        return cell;
    }

    /**
     * The table as strings formatted like the CSV writer's cells ({@code %.3f} seconds, {@code %.6f}
     * probabilities and dimensions), for writing CSV; nulls stay null (empty cells).
     */
    public static Dataset<Row> asCsvStrings(Dataset<Row> scores) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : SCHEMA.fields()) {
            Column c = functions.col(f.name());
            if (f.dataType().equals(DataTypes.DoubleType)) {
                c = functions.when(c.isNotNull(),
                        functions.format_string(SECONDS.contains(f.name()) ? "%.3f" : "%.6f", c));
            } else if (!f.dataType().equals(DataTypes.StringType)) {
                c = c.cast(DataTypes.StringType);
            }
            columns.add(c.alias(f.name()));
        }
        return scores.select(columns.toArray(Column[]::new));
    }
}
