/** DataVec record readers and ImageNet normalisation that turn WAVs or spectrogram PNGs into the network's input. */
package org.heartsounds.data.datavec;
