/** WAV reading and writing, and audio preprocessing: DC removal, band-pass, resampling, normalisation and windows. */
package org.heartsounds.data.audio;
