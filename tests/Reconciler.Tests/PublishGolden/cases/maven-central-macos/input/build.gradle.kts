plugins {
    `java-library`
    `maven-publish`
    signing
}

group = "com.acme"
version = "3.1.0"

publishing {
    publications {
        create<MavenPublication>("release") {
            from(components["java"])
        }
    }
}

signing {
    sign(publishing.publications["release"])
}
