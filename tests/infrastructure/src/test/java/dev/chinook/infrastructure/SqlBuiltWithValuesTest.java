package dev.chinook.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.type.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SQL takes values only through bind parameters; what is concatenated into SQL text must be an
 * identifier (table and column names of the contract, constants). This scan reads every main Java
 * source of the services and tools and refuses, in a concatenation whose text is SQL, any operand
 * that is a value by its place (between quotes, after a comparison, LIMIT or VALUES) or by its type
 * (a number or boolean variable).
 */
class SqlBuiltWithValuesTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    private static final Pattern SQL = Pattern.compile(
            "\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE|ALTER|DROP|GRANT|REVOKE|WHERE|VALUES|FROM)\\b");
    private static final Pattern VALUE_PLACE =
            Pattern.compile("(?s).*('|=|<>|<|>|\\bLIKE|\\bLIMIT|\\bOFFSET|\\bVALUES \\(|\\bIN \\()\\s*$");
    private static final Set<String> VALUE_TYPES = Set.of(
            "int",
            "long",
            "short",
            "double",
            "float",
            "boolean",
            "Integer",
            "Long",
            "Short",
            "Double",
            "Float",
            "Boolean",
            "BigDecimal",
            "BigInteger",
            "Number");

    @Test
    void noSqlTextIsBuiltWithValues() throws IOException {
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
        List<Path> sources = mainSources();
        assertThat(sources).as("main sources found").hasSizeGreaterThan(100);
        List<String> findings = new ArrayList<>();
        for (Path source : sources) {
            CompilationUnit unit = StaticJavaParser.parse(source);
            findings.addAll(scan(unit, ROOT.relativize(source)));
        }
        assertThat(findings)
                .as("SQL built with values (use a bind parameter, or an allow-listed identifier)")
                .isEmpty();
    }

    @Test
    void theScanFindsAValueBetweenQuotesAfterAComparisonAndANumberVariable() {
        String source = """
                class Bad {
                    String quoted(String name) { return "SELECT 1 FROM t WHERE name = '" + name + "'"; }
                    String compared(String id) { return "DELETE FROM t WHERE id = " + id; }
                    String numbered(int column) { return "SELECT ?, " + column + " FROM t"; }
                    String identifier(String table) { return "SELECT count(*) FROM " + table; }
                    String checked(String table) { return "SELECT 1 FROM t WHERE name = " + SqlText.literal(table); }
                    static final String TEMPLATE = "ALTER TABLE %s OWNER TO %s";
                    String formatted(String owner) { return TEMPLATE.formatted(SqlText.identifier("t"), owner); }
                    String format(String role) { return String.format("SELECT 1 WHERE r = '%s'", role); }
                    String constant() { return TEMPLATE.formatted(NAME, SqlText.identifier("x")); }
                }
                """;
        List<String> findings = scan(StaticJavaParser.parse(source), Path.of("Bad.java"));
        assertThat(findings)
                .hasSize(5)
                .anyMatch(f -> f.contains("`owner`"))
                .anyMatch(f -> f.contains("`role`"))
                .anyMatch(f -> f.contains("name"))
                .anyMatch(f -> f.contains("id"))
                .anyMatch(f -> f.contains("column"));
    }

    private static List<String> scan(CompilationUnit unit, Path file) {
        List<String> findings = new ArrayList<>();
        for (BinaryExpr concatenation : unit.findAll(BinaryExpr.class, SqlBuiltWithValuesTest::isOutermostPlus)) {
            findings.addAll(valuesIn(concatenation, file));
        }
        for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
            findings.addAll(formattedValues(unit, call, file));
        }
        return findings;
    }

    /**
     * {@code "...".formatted(args)} and {@code String.format("...", args)} of SQL text: a template
     * cannot tell identifiers from values, so every argument must be checked ({@code SqlText}), a
     * literal or a constant.
     */
    private static List<String> formattedValues(CompilationUnit unit, MethodCallExpr call, Path file) {
        Optional<Expression> template = Optional.empty();
        List<Expression> arguments = List.of();
        if (call.getNameAsString().equals("formatted") && call.getScope().isPresent()) {
            template = call.getScope();
            arguments = call.getArguments();
        } else if (call.getNameAsString().equals("format")
                && call.getScope().map(e -> e.toString().equals("String")).orElse(false)
                && call.getArguments().isNonEmpty()) {
            template = Optional.of(call.getArgument(0));
            arguments = call.getArguments().subList(1, call.getArguments().size());
        }
        String text = template.map(t -> templateText(unit, t)).orElse(null);
        List<String> findings = new ArrayList<>();
        if (text == null || !SQL.matcher(text).find()) {
            return findings;
        }
        for (Expression argument : arguments) {
            boolean constant =
                    (argument instanceof NameExpr name && name.getNameAsString().matches("[A-Z][A-Z0-9_]*"))
                            || (argument instanceof FieldAccessExpr field
                                    && field.getNameAsString().matches("[A-Z][A-Z0-9_]*"));
            if (!constant && literal(argument) == null && !checkedIdentifier(argument)) {
                findings.add(file + ":" + argument.getBegin().map(p -> p.line).orElse(0) + ": `" + argument
                        + "` is formatted into SQL unchecked");
            }
        }
        return findings;
    }

    /** A literal template, or the literal a constant of the same file holds. */
    private static String templateText(CompilationUnit unit, Expression template) {
        String text = literal(template);
        if (text != null || !(template instanceof NameExpr name)) {
            return text;
        }
        return unit.findAll(VariableDeclarator.class, v -> v.getNameAsString().equals(name.getNameAsString())).stream()
                .flatMap(v -> v.getInitializer().stream())
                .map(SqlBuiltWithValuesTest::literal)
                .filter(t -> t != null)
                .findFirst()
                .orElse(null);
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String group : List.of("services", "tools")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(group))) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> p.toString().contains("/src/main/java/"))
                        .forEach(sources::add);
            }
        }
        return sources;
    }

    private static boolean isOutermostPlus(BinaryExpr e) {
        return e.getOperator() == BinaryExpr.Operator.PLUS
                && !(e.getParentNode().orElse(null) instanceof BinaryExpr parent
                        && parent.getOperator() == BinaryExpr.Operator.PLUS);
    }

    private static List<String> valuesIn(BinaryExpr concatenation, Path file) {
        List<Expression> operands = new ArrayList<>();
        flatten(concatenation, operands);
        boolean sql = operands.stream()
                .map(SqlBuiltWithValuesTest::literal)
                .anyMatch(t -> t != null && SQL.matcher(t).find());
        List<String> findings = new ArrayList<>();
        if (!sql) {
            return findings;
        }
        for (int i = 0; i < operands.size(); i++) {
            Expression operand = operands.get(i);
            if (literal(operand) != null || checkedIdentifier(operand)) {
                continue;
            }
            String before = i > 0 ? literal(operands.get(i - 1)) : null;
            String why = null;
            if (before != null && VALUE_PLACE.matcher(before).matches()) {
                why = "in the place of a value, after \"" + tail(before) + "\"";
            } else if (valueTyped(operand)) {
                why = "a " + declaredType(operand).map(Type::asString).orElse("?") + " value";
            }
            if (why != null) {
                findings.add(
                        file + ":" + operand.getBegin().map(p -> p.line).orElse(0) + ": `" + operand + "` is " + why);
            }
        }
        return findings;
    }

    /** {@code SqlText.identifier(...)} and its kin check at run time that what they return is an identifier. */
    private static boolean checkedIdentifier(Expression operand) {
        return operand instanceof MethodCallExpr call
                && call.getScope()
                        .map(scope -> scope.toString().equals("SqlText"))
                        .orElse(false);
    }

    private static void flatten(Expression e, List<Expression> out) {
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            flatten(b.getLeft(), out);
            flatten(b.getRight(), out);
        } else if (e instanceof EnclosedExpr enclosed && enclosed.getInner() instanceof BinaryExpr) {
            out.add(e);
        } else {
            out.add(e);
        }
    }

    private static String literal(Expression e) {
        if (e instanceof StringLiteralExpr s) {
            return s.getValue();
        }
        if (e instanceof TextBlockLiteralExpr t) {
            return t.getValue();
        }
        return null;
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 30 ? trimmed : "..." + trimmed.substring(trimmed.length() - 30);
    }

    private static boolean valueTyped(Expression operand) {
        return declaredType(operand)
                .map(t -> VALUE_TYPES.contains(t.asString()))
                .orElse(false);
    }

    /** The declared type of a plain name: a parameter, local variable or field in scope. */
    private static Optional<Type> declaredType(Expression operand) {
        if (!(operand instanceof NameExpr name)) {
            return Optional.empty();
        }
        String id = name.getNameAsString();
        Node node = operand;
        while (node.getParentNode().isPresent()) {
            node = node.getParentNode().get();
            for (Parameter p :
                    node.findAll(Parameter.class, p -> p.getNameAsString().equals(id))) {
                return Optional.of(p.getType());
            }
            for (VariableDeclarator v : node.findAll(
                    VariableDeclarator.class, v -> v.getNameAsString().equals(id))) {
                if (!(v.getParentNode().orElse(null) instanceof FieldDeclaration)) {
                    return Optional.of(v.getType());
                }
            }
        }
        return node.findAll(FieldDeclaration.class).stream()
                .flatMap(f -> f.getVariables().stream())
                .filter(v -> v.getNameAsString().equals(id))
                .findFirst()
                .map(VariableDeclarator::getType);
    }
}
