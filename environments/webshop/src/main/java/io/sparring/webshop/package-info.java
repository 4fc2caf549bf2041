/**
 * The web shop: WebShop (Yao et al. 2022) as the one-seat game {@code webshop} ({@link
 * io.sparring.webshop.WebShop}), its scripted agent {@code webshop_scripted} ({@link
 * io.sparring.webshop.ScriptedShoppers}) and an evaluation entry point ({@link
 * io.sparring.webshop.WebShopEvaluation}). Inside: the catalog ({@code CatalogFiles} reads
 * WebShop's data files, {@code CatalogGenerator} makes the default one), goals and splits, the
 * shared Lucene index with its disk cache ({@code ShopIndex}, {@code Shop}), pages ({@code
 * ShopState}, {@code PageText}) and the reward ({@code Reward}, {@code Fuzzy}, {@code Colors},
 * {@code Nouns}). See docs/webshop.md.
 */
package io.sparring.webshop;
