/** The Apache Spark engine: sweep candidates, cross-validation folds and dataset rendering as Spark tasks. */
package org.heartsounds.spark;
