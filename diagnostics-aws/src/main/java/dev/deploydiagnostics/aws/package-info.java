/**
 * Providers for Amazon ECS, AWS Lambda and Amazon EKS, built on the AWS SDK for Java v2.
 *
 * <p>Nothing in this package returns or accepts {@code null}: absent values are {@link java.util.Optional}.
 */
package dev.deploydiagnostics.aws;
