/**
 * Window of audio samples → log-mel spectrogram → the network's input PNG, as
 * {@link org.heartsounds.core.config.SpectrogramSpec} describes it. {@link
 * org.heartsounds.data.spectrogram.SpectrogramRenderer} is the entry point; the stages ({@code Stft},
 * {@code MelFilterbank}, {@code MelSpectrogram}, {@code BilinearResize}, {@code Colormaps}, {@code PngEncoder})
 * follow librosa's defaults ({@code center=True, pad_mode='reflect'}, Slaney mel and normalisation,
 * {@code power_to_db(ref=np.max)}) so Python tooling can reproduce the images.
 */
package org.heartsounds.data.spectrogram;
