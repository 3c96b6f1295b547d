package org.heartsounds.evaluation.model;

import org.heartsounds.core.BadInputException;
import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;
import org.heartsounds.core.config.SpectrogramSpec;

/** Recipes carried inside model files: parsing over the built-in defaults and the input-size check. */
final class ModelRecipes {
    private ModelRecipes() {
    }

    /** The recipe YAML stored in a model file, merged over the defaults; errors name {@code source}. */
    static Recipe parse(String yaml, String source) {
        return ConfigLoader.loadText(Recipe.class, Recipe.defaults(), yaml, source);
    }

    /** Fails unless the recipe's spectrogram has the model's input size. */
    static void checkInputSize(Recipe recipe, int height, int width, String source) {
        SpectrogramSpec s = recipe.spectrogram();
        if (s.height() != height || s.width() != width) {
            throw new BadInputException(source, "the recipe's spectrogram is " + s.width() + "x" + s.height()
                    + " pixels but the network's input is " + width + "x" + height);
        }
    }
}
