package org.heartsounds.core.config;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import org.heartsounds.core.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Refuses a YAML document in which a mapping names the same key twice (YAML 1.2 forbids it; Jackson would let the
 * last one win without a word). SnakeYAML composes the node tree only, with line marks: nothing is constructed, so
 * no tag in the file can make code run.
 */
final class DuplicateKeys {
    private DuplicateKeys() {
    }

    /** Bad input naming {@code source}, the dotted key and both lines, for the first repeated key found. */
    static void check(String yaml, String source) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (YAMLException e) {
            return; // not valid YAML: the parser that follows reports it with its own message
        }
        if (root != null) {
            walk(root, "", source);
        }
    }

    private static void walk(Node node, String path, String source) {
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> lines = new HashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String dotted = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    int line = key.getStartMark().getLine() + 1;
                    Integer first = lines.putIfAbsent(key.getValue(), line);
                    if (first != null) {
                        throw new BadInputException(source, "duplicate key '" + dotted + "' on lines " + first
                                + " and " + line + "; a key may appear once (remove one of them)");
                    }
                    walk(t.getValueNode(), dotted, source);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                walk(item, path, source);
            }
        }
    }
}
