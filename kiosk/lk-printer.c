/* placeholder: implemented by the devices work */
