package org.heartsounds.evaluation.model;

import org.heartsounds.core.config.ConfigLoader;
import org.heartsounds.core.config.Recipe;

/** Recipes carried inside model files: parsing over the built-in defaults. */
final class ModelRecipes {
    private ModelRecipes() {
    }

    /** The recipe YAML stored in a model file, merged over the defaults; errors name {@code source}. */
    static Recipe parse(String yaml, String source) {
        return ConfigLoader.loadText(Recipe.class, Recipe.defaults(), yaml, source);
    }

}
