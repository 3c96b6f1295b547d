/** Recipe records (data, audio, spectrogram, split, train) and their YAML loading with defaults and overrides. */
package org.heartsounds.core.config;
